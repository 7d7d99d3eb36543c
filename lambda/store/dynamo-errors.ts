/** Reading the AWS SDK's DynamoDB errors by their name, without casting what was thrown. */

/** True when `error` is an error object named `name` (e.g. `ConditionalCheckFailedException`). */
export function isNamedError(error: unknown, name: string): error is Error {
  return error instanceof Error && error.name === name;
}

/** The per-item codes of a cancelled transaction (`ConditionalCheckFailed`, `TransactionConflict`, `None`), in item order. */
export function cancellationCodes(error: unknown): string[] {
  if (!isNamedError(error, 'TransactionCanceledException')) return [];
  const reasons: unknown = Reflect.get(error, 'CancellationReasons');
  if (!Array.isArray(reasons)) return [];
  return reasons.map((reason: unknown) => {
    const code: unknown = typeof reason === 'object' && reason !== null ? Reflect.get(reason, 'Code') : undefined;
    return typeof code === 'string' ? code : 'None';
  });
}
