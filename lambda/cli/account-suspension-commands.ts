import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { accountView } from '../account/account-views';
import { withWorkspace, type CliContext } from './cli-context';
import { formatJson } from './output';

/**
 * `tollgate accounts suspend|reinstate ID`: inference refuses (403) or serves again the account's keys within a second,
 * in every running function instance. A suspended account's holder can still export, correct and erase their data.
 */
export function addSuspensionCommands(accounts: CommandUnknownOpts, context: CliContext): void {
  accounts
    .command('suspend')
    .description("suspend an account: inference refuses its keys within a second (its holder's GDPR requests still work)")
    .argument('<id>', 'account id')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }, command) => {
      const account = await withWorkspace(context, command, ({ service }) => service.suspend(id));
      if (options.json) context.stdout.write(formatJson(accountView(account)));
      else context.stdout.write(`Suspended account ${account.accountId}: inference refuses its keys within a second.\n`);
    });

  accounts
    .command('reinstate')
    .description("lift a suspension: the account's keys work again within a second")
    .argument('<id>', 'account id')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }, command) => {
      const account = await withWorkspace(context, command, ({ service }) => service.reinstate(id));
      if (options.json) context.stdout.write(formatJson(accountView(account)));
      else context.stdout.write(`Reinstated account ${account.accountId}: its keys work again within a second.\n`);
    });
}
