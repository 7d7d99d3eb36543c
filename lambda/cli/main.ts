import { CommanderError } from '@commander-js/extra-typings';
import { toCliError } from './cli-error';
import { allCommands, createProgram } from './program';
import { createTargetResolver } from './target';

/** Whether the command line asks for JSON (`--json`, `--format json`): errors then come as JSON too. */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.some(
    (argument, index) => argument === '--json' || argument === '--format=json' || (argument === '--format' && argv[index + 1] === 'json'),
  );
}

/** Runs the CLI with `argv` and returns the exit code (nothing is thrown). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const json = wantsJson(argv.slice(2));
  const program = createProgram(
    {
      resolveTarget: createTargetResolver(process.env),
      stdout: process.stdout,
      stderr: process.stderr,
      clock: () => new Date(),
    },
    { errorsAsJson: json },
  );
  for (const command of allCommands(program)) command.exitOverride();
  const reportError = (message: string, exitCode: number) =>
    process.stderr.write(json ? `${JSON.stringify({ error: { message, exitCode } })}\n` : `tollgate: ${message}\n`);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      // Without --json commander has printed its own message (unknown option, missing argument) and the help.
      if (json) reportError(error.message.replace(/^error: /, ''), 2);
      return 2;
    }
    const cliError = toCliError(error);
    reportError(cliError.message, cliError.exitCode);
    return cliError.exitCode;
  }
}

if (require.main === module) {
  void runCli(process.argv).then((code) => {
    process.exitCode = code;
  });
}
