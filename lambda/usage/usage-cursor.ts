import type { UsageTableKey } from './usage-queries';

export class InvalidCursorError extends Error {
  constructor() {
    super("'cursor' is not a cursor returned by this API for this account.");
    this.name = 'InvalidCursorError';
  }
}

/** An opaque page cursor: the base64url of DynamoDB's LastEvaluatedKey (`accountId`, `sk`). */
export function encodeCursor(key: UsageTableKey): string {
  return Buffer.from(JSON.stringify({ accountId: key.accountId, sk: key.sk }), 'utf8').toString('base64url');
}

/** The key a cursor stands for; throws InvalidCursorError unless it is a well-formed cursor of `accountId`. */
export function decodeCursor(cursor: string, accountId: string): UsageTableKey {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw new InvalidCursorError();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const fields = key && typeof key === 'object' && !Array.isArray(key) ? (key as Record<string, unknown>) : undefined;
  if (!fields || Object.keys(fields).length !== 2 || fields.accountId !== accountId || typeof fields.sk !== 'string')
    throw new InvalidCursorError();
  return { accountId, sk: fields.sk };
}
