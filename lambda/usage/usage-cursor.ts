import { z } from 'zod';
import { DomainError } from '../core/domain-error';
import type { UsageTableKey } from './usage-queries';

export class InvalidCursorError extends DomainError {
  readonly kind = 'invalid_input';

  constructor() {
    super('The cursor is not one this API returned for this account.', 'cursor');
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
  const parsed = z.strictObject({ accountId: z.literal(accountId), sk: z.string() }).safeParse(key);
  if (!parsed.success) throw new InvalidCursorError();
  return parsed.data;
}
