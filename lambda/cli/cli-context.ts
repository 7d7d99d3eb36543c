import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { AccountService } from '../account/account-service';
import { AccountsRepository } from '../store/accounts-repository';
import { ApiKeysRepository } from '../store/api-keys-repository';
import { CountersRepository } from '../store/counters-repository';
import { UsageQueries } from '../usage/usage-queries';
import { targetOptions, type CliTarget, type ResolveTarget } from './target';

/** What commands need from the outside world; tests and `main.ts` provide it. */
export interface CliContext {
  readonly resolveTarget: ResolveTarget;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly clock: () => Date;
}

/** The repositories of one target, opened per command. */
export interface Workspace {
  readonly target: CliTarget;
  readonly accounts: AccountsRepository;
  readonly apiKeys: ApiKeysRepository;
  readonly service: AccountService;
  readonly usage: UsageQueries;
  readonly counters: CountersRepository;
  close(): void;
}

export async function openWorkspace(context: CliContext, command: CommandUnknownOpts): Promise<Workspace> {
  const target = await context.resolveTarget(targetOptions(command.optsWithGlobals()));
  const accounts = new AccountsRepository(target.client, target.tableNames.accounts);
  const apiKeys = new ApiKeysRepository(target.client, target.tableNames.apiKeys);
  return {
    target,
    accounts,
    apiKeys,
    service: new AccountService(accounts, apiKeys, context.clock),
    usage: new UsageQueries(target.client, target.tableNames.usage, context.clock),
    counters: new CountersRepository(target.client, target.tableNames.counters),
    close: () => target.client.destroy(),
  };
}

/** Runs a command body with an open workspace and closes it afterwards. */
export async function withWorkspace<T>(
  context: CliContext,
  command: CommandUnknownOpts,
  body: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const workspace = await openWorkspace(context, command);
  try {
    return await body(workspace);
  } finally {
    workspace.close();
  }
}
