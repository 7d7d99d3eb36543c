import { writeFileSync } from 'node:fs';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { accountExport } from '../account/account-export';
import { accountView } from '../account/account-views';
import { normalizeEmail } from '../account/email-address';
import type { AccountRecord } from '../store/accounts-repository';
import { withWorkspace, type CliContext, type Workspace } from './cli-context';
import { CliError } from './cli-error';
import { formatJson } from './output';

/** The account that holds `rawEmail`, or a CliError that says there is none (exit 1). */
async function accountByEmail(workspace: Workspace, rawEmail: string, now: Date): Promise<AccountRecord> {
  const email = normalizeEmail(rawEmail);
  const account = await workspace.accounts.findByEmail(email, now);
  if (!account) throw new CliError(`No account with the email ${email}.`);
  return account;
}

/**
 * `tollgate accounts export|correct|erase --email E`: the GDPR requests (access, rectification, erasure) that reach the
 * operator by email, answered without the holder's API key. Export prints the document `GET /v1/account` returns,
 * with every usage record; the file `--out` writes is readable by its owner only.
 */
export function addGdprCommands(accounts: CommandUnknownOpts, context: CliContext): void {
  accounts
    .command('export')
    .description('export everything stored about the account of an email (GDPR access), as JSON')
    .requiredOption('--email <email>', "the account holder's email")
    .option('--out <file>', 'write the export to this file (mode 600) instead of stdout')
    .action(async (options, command) => {
      const now = context.clock();
      const { accountId, document } = await withWorkspace(context, command, async (workspace) => {
        const account = await accountByEmail(workspace, options.email, now);
        return { accountId: account.accountId, document: await accountExport(workspace, account, now, { allRecords: true }) };
      });
      if (options.out === undefined) {
        context.stdout.write(formatJson(document));
        return;
      }
      writeFileSync(options.out, formatJson(document), { mode: 0o600 });
      context.stderr.write(`Wrote the export of account ${accountId} to ${options.out}.\n`);
    });

  accounts
    .command('correct')
    .description('correct the email of an account (GDPR rectification)')
    .requiredOption('--email <email>', "the account holder's current email")
    .requiredOption('--new-email <email>', 'the corrected email')
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const corrected = await withWorkspace(context, command, async (workspace) => {
        const account = await accountByEmail(workspace, options.email, context.clock());
        return workspace.service.changeEmail(account.accountId, options.newEmail);
      });
      if (options.json) context.stdout.write(formatJson(accountView(corrected)));
      else context.stdout.write(`Corrected the email of account ${corrected.accountId} to ${corrected.email}.\n`);
    });

  accounts
    .command('erase')
    .description('erase the account of an email (GDPR erasure): revokes its keys now, its data is gone within 30 days')
    .requiredOption('--email <email>', "the account holder's email")
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const erased = await withWorkspace(context, command, async (workspace) => {
        const account = await accountByEmail(workspace, options.email, context.clock());
        return workspace.service.delete(account.accountId);
      });
      if (!erased) throw new CliError(`No account with the email ${options.email}.`);
      const view = accountView(erased);
      if (options.json) context.stdout.write(formatJson(view));
      else
        context.stdout.write(
          `Erased account ${erased.accountId}: its keys are revoked; its data is gone after ${String(view.expiresAt)}, usage metadata within 90 days of each request.\n`,
        );
    });
}
