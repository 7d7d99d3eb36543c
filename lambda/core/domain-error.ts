/** What kind of refusal a domain error is, whichever surface (HTTP API, CLI) reports it. */
export type DomainErrorKind = 'invalid_input' | 'conflict' | 'not_found';

/**
 * The base of the errors the account service, the usage queries and the catalog throw about a caller's or an
 * operator's input. The message says what to fix in plain words, never in a surface's syntax (a query parameter, a CLI
 * flag); `field` names the input it is about, and each surface spells that its own way. Mapped once per surface:
 * `toAccountApiError` (lambda/account/account-api.ts) and `toCliError` (lambda/cli/cli-error.ts).
 * Messages never quote the input (through the API it is caller text).
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
