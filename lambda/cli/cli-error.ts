import { DomainError } from '../core/domain-error';

/** An error the CLI reports as one line on stderr with a non-zero exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit code for bad input (a usage error), as commander uses for its own parse errors. */
export const EXIT_BAD_INPUT = 2;
/** Exit code when the database cannot be reached or the target is not found. */
export const EXIT_UNAVAILABLE = 3;

/** The options that carry a domain error's field, where the message alone does not say which one it is. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = { from: '--from', to: '--to', month: '--month' };

/** A domain error as the CLI reports it: bad input exits 2 (as commander's own parse errors), a missing account 1. */
function fromDomainError(error: DomainError): CliError {
  const flag = error.field === undefined ? undefined : FLAG_OF_FIELD[error.field];
  const message = flag ? `${flag}: ${error.message}` : error.message;
  return new CliError(message, error.kind === 'not_found' ? 1 : EXIT_BAD_INPUT);
}

/** Turns what a command threw into a CliError; unknown errors keep their name and message (no content is involved). */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof DomainError) return fromDomainError(error);
  const named = describeThrown(error);
  if (named?.code === 'ECONNREFUSED' || named?.name === 'TimeoutError') {
    return new CliError(
      `Cannot reach the database (${named.code ?? named.name}). Is the gateway (npm start) still running?`,
      EXIT_UNAVAILABLE,
    );
  }
  if (named?.name === 'ResourceNotFoundException') {
    return new CliError(`A Tollgate table was not found: ${named.message ?? ''}`.trim(), EXIT_UNAVAILABLE);
  }
  return new CliError(`${named?.name ?? 'Error'}: ${named?.message ?? String(error)}`, 1);
}

/** The name, message and code of what was thrown, as far as they are strings (SDK and Node errors carry `code`). */
function describeThrown(error: unknown): { name?: string; message?: string; code?: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const field = (name: string) => {
    const value: unknown = Reflect.get(error, name);
    return typeof value === 'string' ? value : undefined;
  };
  return { name: field('name'), message: field('message'), code: field('code') };
}

/** The message of what was thrown. */
export function thrownMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
