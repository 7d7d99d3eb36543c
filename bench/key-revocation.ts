/**
 * `npm run bench` (part): what revocation within a second costs. The inference function's `Authenticator` on an
 * in-memory DynamoDB Local, a key in steady use at a fixed rate, with the key record reused for 0 s (a strongly
 * consistent read on every request), 1 s (what the gateway runs) and 30 s (the cache before revocation within a
 * second): the latency authentication adds, the DynamoDB reads per second it costs one function instance, and the
 * time from the revocation's write to the first refused request.
 */
import { Authenticator } from '../lambda/core/authenticate';
import { issueApiKey } from '../lambda/core/issue-api-key';
import { ApiKeysRepository, type ApiKeyRecord } from '../lambda/store/api-keys-repository';
import { LOCAL_TABLE_NAMES } from '../lambda/store/tables';
import { percentile, startBenchStore } from './local-store';

const RATE_PER_SECOND = 100;
const LOAD_SECONDS = 5;
/** Polling for the refusal after a revocation; the 30 s case takes up to 30 s. */
const POLL_MS = 5;

/** Counts the reads the authenticator makes. */
class CountingRepository extends ApiKeysRepository {
  reads = 0;
  override get(keyId: string, options: { readonly consistent?: boolean } = {}): Promise<ApiKeyRecord | undefined> {
    this.reads++;
    return super.get(keyId, options);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function refused(authenticator: Authenticator, headers: Record<string, string>): Promise<boolean> {
  try {
    await authenticator.authenticate(headers);
    return false;
  } catch {
    return true;
  }
}

async function main(): Promise<void> {
  const { client, stop } = await startBenchStore();
  console.log(
    `Key authentication on DynamoDB Local (in memory), one key at ${RATE_PER_SECOND} requests/s for ${LOAD_SECONDS} s, then revoked; ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(
    `${'key record reused'.padEnd(20)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'reads/s'.padStart(8)}  ${'revoked → refused ms'.padStart(21)}`,
  );
  try {
    for (const cacheSeconds of [0, 1, 30]) {
      const repository = new CountingRepository(client, LOCAL_TABLE_NAMES.apiKeys);
      const { key, record } = await issueApiKey(repository, 'acct_bench');
      const headers = { authorization: `Bearer ${key}` };
      const authenticator = new Authenticator(repository, cacheSeconds);
      for (let warm = 0; warm < 50; warm++) await authenticator.authenticate(headers);

      const durations: number[] = [];
      repository.reads = 0;
      const started = performance.now();
      for (let index = 0; index < RATE_PER_SECOND * LOAD_SECONDS; index++) {
        const due = started + (index * 1000) / RATE_PER_SECOND;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const before = performance.now();
        await authenticator.authenticate(headers);
        durations.push(performance.now() - before);
      }
      const readsPerSecond = repository.reads / ((performance.now() - started) / 1000);

      await repository.revoke(record.keyId);
      const revokedAt = performance.now();
      while (!(await refused(authenticator, headers))) await sleep(POLL_MS);
      const refusedAfter = performance.now() - revokedAt;

      durations.sort((a, b) => a - b);
      console.log(
        `${`${cacheSeconds} s`.padEnd(20)}  ${percentile(durations, 50).toFixed(2).padStart(7)}  ${percentile(durations, 99)
          .toFixed(2)
          .padStart(7)}  ${readsPerSecond.toFixed(1).padStart(8)}  ${refusedAfter.toFixed(0).padStart(21)}`,
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
