import { CommanderError } from 'commander';
import { toCliError } from './cli-error';
import { createProgram } from './program';
import { createTargetResolver } from './target';

/** Runs the CLI with `argv` and returns the exit code (nothing is thrown). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram({
    resolveTarget: createTargetResolver(process.env),
    stdout: process.stdout,
    stderr: process.stderr,
    clock: () => new Date(),
  });
  program.exitOverride();
  for (const command of program.commands) {
    command.exitOverride();
    for (const subcommand of command.commands) subcommand.exitOverride();
  }
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    // commander already printed its own message (unknown option, missing argument, --help).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const cliError = toCliError(error);
    process.stderr.write(`tollgate: ${cliError.message}\n`);
    return cliError.exitCode;
  }
}

if (require.main === module) {
  void runCli(process.argv).then((code) => {
    process.exitCode = code;
  });
}
