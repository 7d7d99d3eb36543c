import { Command } from 'commander';
import { accountsCommand } from './accounts-command';
import type { CliContext } from './cli-context';
import { keysCommand } from './keys-command';
import { limitsCommand } from './limits-command';
import { modelsCommand } from './models-command';
import { usageCommand } from './usage-command';

/** The `tollgate` command tree. */
export function createProgram(context: CliContext): Command {
  const program = new Command('tollgate')
    .description(
      'Operate a Tollgate gateway: accounts, keys, limits, usage. Works on the running `npm start` (same TOLLGATE_DATA_DIR) or, with --stack, on a deployed stack.',
    )
    .option('--stack <name>', 'work on a deployed CloudFormation stack')
    .option('--region <region>', "the stack's AWS region")
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => context.stdout.write(text), writeErr: (text) => context.stderr.write(text) });
  for (const command of [accountsCommand, keysCommand, limitsCommand, usageCommand, modelsCommand]) {
    program.addCommand(command(context));
  }
  return program;
}
