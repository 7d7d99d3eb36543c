import { Command } from '@commander-js/extra-typings';
import { keyView } from '../account/account-views';
import { withWorkspace, type CliContext } from './cli-context';
import { CliError } from './cli-error';
import { formatCount, formatJson, formatTable, formatUsd, type Column } from './output';

const KEY_COLUMNS: readonly Column[] = [
  { key: 'id', header: 'ID' },
  { key: 'prefix', header: 'PREFIX' },
  { key: 'status', header: 'STATUS' },
  { key: 'createdAt', header: 'CREATED' },
  { key: 'revokedAt', header: 'REVOKED' },
  { key: 'rpmLimit', header: 'RPM', numeric: true, format: formatCount },
  { key: 'tpmLimit', header: 'TPM', numeric: true, format: formatCount },
  { key: 'monthlyBudgetUsd', header: 'BUDGET/MONTH', numeric: true, format: formatUsd },
];

/** `tollgate keys create|list|revoke`. */
export function keysCommand(context: CliContext): Command {
  const keys = new Command('keys').description('create, list and revoke API keys');

  keys
    .command('create')
    .description('create an API key for an account (the key is shown once)')
    .requiredOption('--account <id>', 'account id')
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const issued = await withWorkspace(context, command, ({ service }) => service.issueKey(options.account));
      if (options.json) {
        context.stdout.write(
          formatJson({ id: issued.record.keyId, key: issued.key, accountId: issued.record.accountId, prefix: issued.record.prefix }),
        );
      } else {
        context.stdout.write(
          `Created key ${issued.record.keyId} for account ${issued.record.accountId}.\n\n  ${issued.key}\n\nStore it now: it is shown only this once.\n`,
        );
      }
    });

  keys
    .command('list')
    .description('list the keys of an account')
    .requiredOption('--account <id>', 'account id')
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const list = await withWorkspace(context, command, ({ apiKeys }) => apiKeys.listByAccount(options.account));
      const views = list.map(keyView);
      context.stdout.write(options.json ? formatJson(views) : formatTable(views, KEY_COLUMNS));
    });

  keys
    .command('revoke')
    .description('revoke a key (honoured by running gateways within their key cache time, 30 s by default)')
    .argument('<id>', 'key id')
    .option('--json', 'print JSON')
    .action(async (id: string, options, command) => {
      const revoked = await withWorkspace(context, command, ({ apiKeys }) => apiKeys.revoke(id, context.clock()));
      if (!revoked) throw new CliError(`No key with id '${id}'.`);
      if (options.json) context.stdout.write(formatJson({ id, status: 'revoked' }));
      else context.stdout.write(`Revoked key ${id}.\n`);
    });

  return keys;
}
