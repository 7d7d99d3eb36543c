/** Echoes a type name only when it looks like an identifier (never free text). */
export function safeTypeName(type: unknown): string | undefined {
  return typeof type === 'string' && /^[a-z][a-z0-9_.]{0,39}$/.test(type) ? type : undefined;
}
