import { keyMatchesHash, parseKeyId } from './api-keys';
import { authenticationFailed, GatewayError, invalidRequest } from './errors';
import { KeyRecordCache } from './key-record-cache';
import type { ApiKeyRecord, ApiKeysRepository } from '../store/api-keys-repository';

export type HeaderMap = Readonly<Record<string, string | undefined>>;

/**
 * Query parameter names that carry credentials, compared without case, `-`, `_` and `.`
 * (`?key=`, `?Key=`, `?api_key=`, `?API-KEY=`, `?access_token=`, `?x-goog-api-key=`, ...).
 */
const KEY_PARAMETER_NAMES = new Set([
  'key',
  'apikey',
  'accesstoken',
  'token',
  'authtoken',
  'apitoken',
  'auth',
  'authorization',
  'bearer',
  'xapikey',
  'xgoogapikey',
  'secret',
  'secretkey',
  'accesskey',
]);

/** A Tollgate key anywhere in a parameter, whatever its name. */
const TOLLGATE_KEY_FRAGMENT = /tg_[a-z2-7]{12}_/;

/** True when any query parameter carries a key (by its name, or a Tollgate key in its name or value). */
export function hasKeyInQuery(query: Readonly<Record<string, string | undefined>>): boolean {
  return Object.entries(query).some(
    ([name, value]) =>
      KEY_PARAMETER_NAMES.has(name.toLowerCase().replace(/[-_.]/g, '')) ||
      TOLLGATE_KEY_FRAGMENT.test(name) ||
      (value !== undefined && value !== null && TOLLGATE_KEY_FRAGMENT.test(value)),
  );
}

/**
 * The key the caller presented, from `Authorization: Bearer`, `x-api-key` or `x-goog-api-key`
 * (header names lower-case). A key in the query string, in any spelling, is refused with a 400 —
 * also when a header carries a valid key: the URL has already been seen along the way.
 */
export function presentedKey(headers: HeaderMap, query: Readonly<Record<string, string | undefined>> = {}): string {
  if (hasKeyInQuery(query)) {
    // The parameter's name is not repeated (caller text); the leak is named and the fix given.
    throw invalidRequest(
      "An API key was sent in the URL (a query parameter such as 'key', 'api_key' or 'access_token'). URLs are recorded by proxies, CDNs and logs along the way: treat that key as leaked, revoke it and create a new one. Send keys only in the 'Authorization: Bearer', 'x-api-key' or 'x-goog-api-key' header.",
      'key',
    );
  }
  // `\S` after the spaces: the split between them is fixed, so the match is linear (`\s+(.+)` backtracks quadratically).
  const bearer = /^Bearer\s+(\S.*)$/i.exec(headers.authorization ?? '')?.[1];
  const key = (bearer ?? headers['x-api-key'] ?? headers['x-goog-api-key'])?.trim();
  if (!key) {
    throw authenticationFailed("No API key was sent. Send it in the 'Authorization: Bearer', 'x-api-key' or 'x-goog-api-key' header.");
  }
  return key;
}

/** Built only when thrown: an error captures a stack trace, too costly for every request. */
const invalidKey = () => authenticationFailed('The API key is not valid. Check that it was copied whole, or create a new one.');

export interface AuthenticatorOptions {
  /**
   * Refuse keys whose account is suspended (inference). The account API leaves it off, so that the holder of a
   * suspended account can still export, correct and erase their data. @default true
   */
  readonly refuseSuspendedAccounts?: boolean;
}

/**
 * Resolves keys to their records. Records are read strongly consistently and reused in this instance for at most
 * `cacheSeconds` (1 s in the inference function, 0 in the account function), so a revoked key, or a key of a deleted
 * or suspended account, is refused within that time; a key in steady use is re-read in the background before its
 * record runs out, so no request on the hot path waits for DynamoDB (`key-record-cache.ts`).
 */
export class Authenticator {
  private readonly cache: KeyRecordCache;
  private readonly refuseSuspendedAccounts: boolean;

  constructor(repository: ApiKeysRepository, cacheSeconds: number, clock: () => number = Date.now, options: AuthenticatorOptions = {}) {
    this.cache = new KeyRecordCache((keyId) => repository.get(keyId, { consistent: true }), { maxAgeMs: cacheSeconds * 1000, clock });
    this.refuseSuspendedAccounts = options.refuseSuspendedAccounts ?? true;
  }

  /** Returns the active key record for the presented key, or throws a 401 (or a 403 for a suspended account). */
  async authenticate(headers: HeaderMap, query: Readonly<Record<string, string | undefined>> = {}): Promise<ApiKeyRecord> {
    const key = presentedKey(headers, query);
    const keyId = parseKeyId(key);
    if (!keyId) throw invalidKey();
    const record = await this.cache.get(keyId);
    // The key id is public; only the secret needs the constant-time comparison.
    if (!record || !keyMatchesHash(key, record.hash)) throw invalidKey();
    if (record.status !== 'active') throw authenticationFailed('This API key has been revoked.');
    if (record.accountSuspended === true && this.refuseSuspendedAccounts) {
      throw new GatewayError(403, 'permission', 'The account of this API key is suspended. Contact the operator of this gateway.');
    }
    return record;
  }
}
