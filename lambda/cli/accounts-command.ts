import { Command } from '@commander-js/extra-typings';
import { accountView } from '../account/account-views';
import { monthOf } from '../limits/windows';
import { withWorkspace, type CliContext } from './cli-context';
import { addGdprCommands } from './account-gdpr-commands';
import { addSuspensionCommands } from './account-suspension-commands';
import { CliError } from './cli-error';
import { formatJson, formatTable, formatUsd, type Column } from './output';
import { Progress } from './progress';

const ACCOUNT_COLUMNS: readonly Column[] = [
  { key: 'id', header: 'ID' },
  { key: 'email', header: 'EMAIL' },
  { key: 'status', header: 'STATUS' },
  { key: 'createdAt', header: 'CREATED' },
  { key: 'monthlyBudgetUsd', header: 'BUDGET/MONTH', numeric: true, format: formatUsd },
  { key: 'paymentRef', header: 'PAYMENT REF' },
  { key: 'expiresAt', header: 'ERASED AFTER' },
];

function printDetails(context: CliContext, view: Record<string, unknown>): void {
  const entries = Object.entries(view).filter(([, value]) => value !== undefined && value !== null);
  const width = Math.max(...entries.map(([key]) => key.length));
  const shown = (key: string, value: unknown) => (key.endsWith('Usd') ? formatUsd(value) : String(value));
  context.stdout.write(entries.map(([key, value]) => `${key.padEnd(width)}  ${shown(key, value)}`).join('\n') + '\n');
}

/** `tollgate accounts create|list|show|delete|suspend|reinstate|export|correct|erase`. */
export function accountsCommand(context: CliContext): Command {
  const accounts = new Command('accounts').description('create, list, show, delete and suspend accounts; answer GDPR requests by email');

  accounts
    .command('create')
    .description('create an account')
    .requiredOption('--email <email>', "the account holder's email (unique)")
    .option('--payment-ref <ref>', "the payment processor's customer reference (never a card number)")
    .option('--card-brand <brand>', 'card brand, e.g. visa')
    .option('--card-last4 <digits>', "the card's last four digits")
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const account = await withWorkspace(context, command, ({ service }) =>
        service.create({
          email: options.email,
          paymentRef: options.paymentRef,
          cardBrand: options.cardBrand,
          cardLast4: options.cardLast4,
        }),
      );
      if (options.json) context.stdout.write(formatJson(accountView(account)));
      else
        context.stdout.write(
          `Created account ${account.accountId} for ${account.email}.\nCreate its first key with: tollgate keys create --account ${account.accountId}\n`,
        );
    });

  accounts
    .command('list')
    .description('list all accounts (deleted ones until they are erased)')
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const progress = new Progress(context.stderr, 'Reading accounts');
      const list = await withWorkspace(context, command, ({ accounts: repository }) =>
        repository.list(context.clock(), (count) => progress.update(`${count} accounts`)),
      );
      progress.done(`${list.length} accounts`);
      const views = list.map(accountView);
      context.stdout.write(options.json ? formatJson(views) : formatTable(views, ACCOUNT_COLUMNS));
    });

  accounts
    .command('show')
    .description('show one account')
    .argument('<id>', 'account id')
    .option('--json', 'print JSON')
    .action(async (id: string, options, command) => {
      const now = context.clock();
      const [account, spent] = await withWorkspace(context, command, ({ service, counters }) =>
        Promise.all([service.get(id), counters.monthlySpend(id, monthOf(now), now)]),
      );
      if (!account) throw new CliError(`No account with id '${id}'.`);
      const view = { ...accountView(account), spentThisMonthUsd: spent };
      if (options.json) context.stdout.write(formatJson(view));
      else printDetails(context, view);
    });

  accounts
    .command('delete')
    .description('delete an account: revokes its keys now, erases its data within 30 days')
    .argument('<id>', 'account id')
    .option('--json', 'print JSON')
    .action(async (id: string, options, command) => {
      const account = await withWorkspace(context, command, ({ service }) => service.delete(id));
      if (!account) throw new CliError(`No account with id '${id}'.`);
      const view = accountView(account);
      if (options.json) context.stdout.write(formatJson(view));
      else
        context.stdout.write(`Deleted account ${account.accountId}: its keys are revoked; its data is erased after ${view.expiresAt}.\n`);
    });

  addSuspensionCommands(accounts, context);
  addGdprCommands(accounts, context);
  return accounts;
}
