import type { GatewayHarness } from './gateway-harness';
import { usageRecords } from './usage-records';

export interface GatewayCall {
  readonly url: string;
  readonly status: number;
  readonly requestId: string | null;
}

export interface GatewayCallLog {
  readonly calls: GatewayCall[];
  /** Puts the original `fetch` back. */
  restore(): void;
}

/**
 * Records every HTTP call this test process makes to the gateway (the official SDKs use the global
 * `fetch`), so a test can check that each answered request left exactly one usage record.
 * Install it before creating SDK clients.
 */
export function trackGatewayCalls(gatewayUrl: () => string): GatewayCallLog {
  const original = globalThis.fetch;
  const calls: GatewayCall[] = [];
  globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = await original(input, init);
    if (url.startsWith(gatewayUrl())) calls.push({ url, status: response.status, requestId: response.headers.get('x-request-id') });
    return response;
  };
  return { calls, restore: () => void (globalThis.fetch = original) };
}

/**
 * Checks that the usage table holds exactly one record per call the gateway answered for an
 * authenticated key (`refused` picks out the calls refused before authentication), and no other.
 */
export async function expectOneRecordPerAnsweredCall(
  harness: GatewayHarness,
  log: GatewayCallLog,
  refused: (call: GatewayCall) => boolean,
): Promise<void> {
  const answered = log.calls.filter((call) => !refused(call)).map((call) => call.requestId);
  expect(answered.every((id) => typeof id === 'string')).toBe(true);
  let recorded: string[] = [];
  for (let attempt = 0; attempt < 40; attempt++) {
    recorded = (await usageRecords(harness)).map((record) => record.requestId);
    if (recorded.length >= answered.length) break;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  expect([...recorded].sort()).toEqual([...(answered as string[])].sort());
}
