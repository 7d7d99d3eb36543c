/** How a promise settled, as a value (so it can be raced and awaited later without an unhandled rejection). */
export type Outcome<T> = { readonly value: T } | { readonly error: unknown };

export function outcomeOf<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** `promise`'s result if it comes within `ms`, else `'waiting'` (the promise keeps running). */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | 'waiting'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<'waiting'>((wake) => (timer = setTimeout(() => wake('waiting'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
