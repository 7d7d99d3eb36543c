import { DomainError } from '../core/domain-error';
/** Longest address SMTP can carry (RFC 5321 path limit). */
const MAX_EMAIL_LENGTH = 254;
/** One `@`, a non-empty local part, a dotted domain; no spaces or control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the pattern refuses
const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"\u0000-\u001f]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export class InvalidEmailError extends DomainError {
  readonly kind = 'invalid_input';

  constructor(message: string) {
    super(message, 'email');
  }
}

/** Trims and validates an email address; throws InvalidEmailError with a message that says why. */
export function normalizeEmail(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidEmailError('An email address is required.');
  const email = raw.trim();
  if (email.length > MAX_EMAIL_LENGTH) throw new InvalidEmailError(`The email address is longer than ${MAX_EMAIL_LENGTH} characters.`);
  if (!EMAIL_PATTERN.test(email)) throw new InvalidEmailError('The email address is not valid (expected name@example.com).');
  return email;
}
