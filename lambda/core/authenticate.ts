import { keyMatchesHash, parseKeyId } from './api-keys';
import { authenticationFailed, invalidRequest } from './errors';
import type { ApiKeyRecord, ApiKeysRepository } from '../store/api-keys-repository';

export type HeaderMap = Readonly<Record<string, string | undefined>>;

/** The query parameters that must never carry a key: URLs end up in edge and proxy logs. */
const KEY_QUERY_PARAMETERS = ['key', 'api_key', 'apikey'];

/**
 * The key the caller presented, from `Authorization: Bearer`, `x-api-key` or `x-goog-api-key`
 * (header names lower-case). A key in the query string is refused with a 400.
 */
export function presentedKey(headers: HeaderMap, query: Readonly<Record<string, string | undefined>> = {}): string {
  const inQuery = KEY_QUERY_PARAMETERS.find((name) => query[name] !== undefined);
  if (inQuery) {
    throw invalidRequest(
      `API keys are not accepted in the URL ('?${inQuery}='), because URLs are logged along the way. Send the key in the 'Authorization: Bearer', 'x-api-key' or 'x-goog-api-key' header.`,
      inQuery,
    );
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  const key = (bearer ?? headers['x-api-key'] ?? headers['x-goog-api-key'])?.trim();
  if (!key) {
    throw authenticationFailed("No API key was sent. Send it in the 'Authorization: Bearer', 'x-api-key' or 'x-goog-api-key' header.");
  }
  return key;
}

interface CachedLookup {
  readonly record: ApiKeyRecord | undefined;
  readonly fetchedAt: number;
}

/**
 * Resolves keys to their records, caching lookups in memory for `cacheSeconds` so that the hot
 * path usually makes no DynamoDB call. A revocation is honoured within that time.
 */
export class Authenticator {
  private readonly cache = new Map<string, CachedLookup>();

  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly cacheSeconds: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Returns the active key record for the presented key, or throws a 401. */
  async authenticate(headers: HeaderMap, query: Readonly<Record<string, string | undefined>> = {}): Promise<ApiKeyRecord> {
    const key = presentedKey(headers, query);
    const keyId = parseKeyId(key);
    const invalid = authenticationFailed('The API key is not valid. Check that it was copied whole, or create a new one.');
    if (!keyId) throw invalid;
    const record = await this.lookup(keyId);
    // The key id is public; only the secret needs the constant-time comparison.
    if (!record || !keyMatchesHash(key, record.hash)) throw invalid;
    if (record.status !== 'active') throw authenticationFailed('This API key has been revoked.');
    return record;
  }

  private async lookup(keyId: string): Promise<ApiKeyRecord | undefined> {
    const now = this.clock();
    const cached = this.cache.get(keyId);
    if (cached && now - cached.fetchedAt < this.cacheSeconds * 1000) return cached.record;
    const record = await this.repository.get(keyId);
    this.cache.set(keyId, { record, fetchedAt: now });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value as string);
    return record;
  }
}
