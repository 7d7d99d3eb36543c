/**
 * `npm run bench` (second part): the latency `Limits.admit` adds before the upstream call, on an
 * in-memory DynamoDB Local, for a key with no limits, with RPM/TPM, and with RPM/TPM plus a budget.
 */
import { Limits } from '../lambda/limits/limits';
import type { ApiKeyRecord } from '../lambda/store/api-keys-repository';
import { LOCAL_TABLE_NAMES } from '../lambda/store/tables';
import { percentile, startBenchStore } from './local-store';

const ITERATIONS = 500;

async function main(): Promise<void> {
  const { client, stop } = await startBenchStore();
  const limits = new Limits(client, { ...LOCAL_TABLE_NAMES });
  const base: ApiKeyRecord = {
    keyId: 'benchkey0000',
    accountId: 'acct_bench',
    hash: '0'.repeat(64),
    prefix: 'tg_benchkey0000_…',
    status: 'active',
    createdAt: new Date().toISOString(),
  };
  const cases: Array<[string, ApiKeyRecord]> = [
    ['no limits', base],
    ['rpm + tpm', { ...base, keyId: 'benchkey0001', rpmLimit: 1e9, tpmLimit: 1e12 }],
    ['rpm + tpm + budget', { ...base, keyId: 'benchkey0002', rpmLimit: 1e9, tpmLimit: 1e12, monthlyBudgetUsd: 1e6 }],
  ];
  console.log(`Limits.admit on DynamoDB Local (in memory), ${ITERATIONS} sequential calls each, ${new Date().toISOString().slice(0, 10)}`);
  console.log(`${'case'.padEnd(20)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}`);
  try {
    for (const [name, key] of cases) {
      for (let warm = 0; warm < 50; warm++) await limits.admit(key);
      const durations: number[] = [];
      for (let index = 0; index < ITERATIONS; index++) {
        const started = performance.now();
        await limits.admit(key);
        durations.push(performance.now() - started);
      }
      durations.sort((a, b) => a - b);
      console.log(
        `${name.padEnd(20)}  ${percentile(durations, 50).toFixed(2).padStart(7)}  ${percentile(durations, 99).toFixed(2).padStart(7)}`,
      );
    }
  } finally {
    client.destroy();
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
