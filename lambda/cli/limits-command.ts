import { Command } from '@commander-js/extra-typings';
import { withWorkspace, type CliContext } from './cli-context';
import { CliError, EXIT_BAD_INPUT } from './cli-error';
import { limitValue, parseLimit, parseUsd } from './option-parsers';
import { formatJson, formatUsd } from './output';

/** `tollgate limits set`: per-key RPM/TPM, per-account monthly budget. */
export function limitsCommand(context: CliContext): Command {
  const limits = new Command('limits').description('set rate limits and budgets');

  limits
    .command('set')
    .description(
      'set per-key limits (--key ID --rpm N --tpm N) or an account\'s monthly budget (--account ID --monthly-budget-usd X); "none" removes one',
    )
    .option('--key <id>', 'API key id')
    .option('--account <id>', 'account id')
    .option('--rpm <n>', 'requests per minute for the key', parseLimit)
    .option('--tpm <n>', 'tokens per minute for the key', parseLimit)
    .option('--monthly-budget-usd <usd>', 'hard monthly spending cap of the account in USD', parseUsd)
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const { key, account } = options;
      const keyLimits = options.rpm !== undefined || options.tpm !== undefined;
      const budget = options.monthlyBudgetUsd !== undefined;
      if (Boolean(key) === Boolean(account)) throw new CliError('Give exactly one of --key ID or --account ID.', EXIT_BAD_INPUT);
      if (key && (!keyLimits || budget))
        throw new CliError('With --key, set --rpm and/or --tpm (a budget is per account).', EXIT_BAD_INPUT);
      if (account && (!budget || keyLimits))
        throw new CliError('With --account, set --monthly-budget-usd (RPM and TPM are per key).', EXIT_BAD_INPUT);

      if (key) {
        const rpmLimit = limitValue(options.rpm);
        const tpmLimit = limitValue(options.tpm);
        const found = await withWorkspace(context, command, ({ apiKeys }) => apiKeys.setRateLimits(key, { rpmLimit, tpmLimit }));
        if (!found) throw new CliError(`No key with id '${key}'.`);
        if (options.json) context.stdout.write(formatJson({ key, rpmLimit, tpmLimit }));
        else
          context.stdout.write(
            `Key ${key}: ${describe('requests/minute', rpmLimit)}${describe('tokens/minute', tpmLimit)}(in effect within the key cache time).\n`,
          );
        return;
      }
      if (!account) return;
      const monthlyBudgetUsd = limitValue(options.monthlyBudgetUsd) ?? null;
      await withWorkspace(context, command, ({ service }) => service.setMonthlyBudget(account, monthlyBudgetUsd ?? undefined));
      if (options.json) context.stdout.write(formatJson({ account, monthlyBudgetUsd }));
      else {
        const text = monthlyBudgetUsd === null ? 'no monthly budget' : `monthly budget ${formatUsd(monthlyBudgetUsd)}`;
        context.stdout.write(`Account ${account}: ${text} (copied onto its keys; in effect within the key cache time).\n`);
      }
    });

  return limits;
}

function describe(label: string, value: number | null | undefined): string {
  if (value === undefined) return '';
  // Without its own limit a key falls back to the deployment default (TOLLGATE_DEFAULT_RPM/TPM; none locally).
  return value === null
    ? `no own ${label} limit (the deployment default applies, if any); `
    : `${value.toLocaleString('en-US')} ${label}; `;
}
