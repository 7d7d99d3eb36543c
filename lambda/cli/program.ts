import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { packageVersion } from '../local/package-root';
import { accountsCommand } from './accounts-command';
import type { CliContext } from './cli-context';
import { dashboardCommand } from './dashboard-command';
import { keysCommand } from './keys-command';
import { limitsCommand } from './limits-command';
import { modelsCommand } from './models-command';
import { smokeCommand } from './smoke-command';
import { usageCommand } from './usage-command';

export interface ProgramOptions {
  /** Errors are reported as JSON by the caller (`--json`): commander prints no text of its own on stderr. */
  readonly errorsAsJson?: boolean;
}

/** The `tollgate` command tree. */
export function createProgram(context: CliContext, options: ProgramOptions = {}): Command {
  const program = new Command('tollgate')
    .description(
      'Operate a Tollgate gateway: accounts, keys, limits, usage, the usage dashboard. Works on the running `npm start` (same TOLLGATE_DATA_DIR) or, with --stack, on a deployed stack.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--stack <name>', 'work on a deployed CloudFormation stack')
    .option('--region <region>', "the stack's AWS region");
  for (const command of [accountsCommand, keysCommand, limitsCommand, usageCommand, modelsCommand, smokeCommand, dashboardCommand]) {
    program.addCommand(command(context));
  }
  // Commands added with addCommand do not inherit output settings: apply them to the whole tree.
  for (const command of allCommands(program)) {
    command.showHelpAfterError(!options.errorsAsJson).configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => (options.errorsAsJson ? undefined : context.stderr.write(text)),
    });
  }
  return program;
}

/** A command and all its subcommands, depth first. */
export function allCommands(command: CommandUnknownOpts): CommandUnknownOpts[] {
  return [command, ...command.commands.flatMap(allCommands)];
}
