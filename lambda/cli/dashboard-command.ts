import { Command } from '@commander-js/extra-typings';
import { buildDashboardScript } from '../dashboard/build-dashboard-script';
import { dashboardPage, type DashboardPage } from '../dashboard/dashboard-page';
import { PortInUseError, startOperatorServer } from '../dashboard/operator-server';
import { openWorkspace, type CliContext } from './cli-context';
import { CliError, EXIT_BAD_INPUT, EXIT_UNAVAILABLE } from './cli-error';

const DEFAULT_PORT = 8790;

function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new CliError(`--port must be a port number (0-65535), got '${value}'.`, EXIT_BAD_INPUT);
  return port;
}

/** Resolves on the first SIGINT, SIGTERM or SIGHUP (Ctrl-C, a closed terminal). */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const stop = (signal: string) => {
      for (const name of signals) process.removeListener(name, stop);
      resolve(signal);
    };
    for (const name of signals) process.once(name, stop);
  });
}

/**
 * `tollgate dashboard`: the usage page over all accounts for the operator, served on 127.0.0.1 from the
 * store the other commands read (the running `npm start`, or `--stack`), until Ctrl-C.
 */
export function dashboardCommand(context: CliContext): Command {
  return new Command('dashboard')
    .description(
      "the operator's usage page over all accounts (top accounts by cost, per-model totals, errors and refusals) on 127.0.0.1; Ctrl-C stops it",
    )
    .option('--port <port>', `port on 127.0.0.1 (0: any free port)`, portNumber, DEFAULT_PORT)
    .action(async (options, command) => {
      const workspace = await openWorkspace(context, command);
      let page: Promise<DashboardPage> | undefined;
      try {
        const server = await startOperatorServer({
          port: options.port,
          usage: workspace.usage,
          clock: context.clock,
          // Built from the sources on the first request (esbuild, about a second), then kept.
          page: () => (page ??= buildDashboardScript().then((script) => dashboardPage('operator', script))),
          log: (line) => context.stderr.write(`${line}\n`),
        }).catch((error: unknown) => {
          throw error instanceof PortInUseError ? new CliError(error.message, EXIT_UNAVAILABLE) : error;
        });
        context.stderr.write(
          `Reading ${workspace.target.description}. Open this URL in a browser (it carries the access token); Ctrl-C stops:\n`,
        );
        context.stdout.write(`${server.url}\n`);
        const signal = await untilStopped();
        await server.close();
        context.stderr.write(`Stopped (${signal}).\n`);
      } finally {
        workspace.close();
      }
    });
}
