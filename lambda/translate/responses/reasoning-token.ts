/**
 * The `encrypted_content` of the reasoning items the gateway returns. OpenAI puts its own encrypted
 * reasoning there; the gateway carries what another provider needs to continue a conversation:
 * Anthropic's thinking `signature`, or a `redacted_thinking` block's data. Both are already opaque
 * provider blobs; the token only says which one it is. Clients (Codex asks for
 * `include: ["reasoning.encrypted_content"]`) hand it back unchanged with the next turn's input.
 *
 *   tollgate.1.<base64url(JSON {"signature": "..."} | {"redacted": "..."})>
 *
 * A value the gateway did not mint (e.g. OpenAI's own) is ignored: no other provider can use it.
 */
export type ReasoningToken = { readonly signature: string } | { readonly redacted: string };

const PREFIX = 'tollgate.1.';

export function encodeReasoningToken(token: ReasoningToken): string {
  return PREFIX + Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

export function decodeReasoningToken(text: string | null | undefined): ReasoningToken | undefined {
  if (!text?.startsWith(PREFIX)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text.slice(PREFIX.length), 'base64url').toString('utf8'));
    if (value === null || typeof value !== 'object') return undefined;
    if ('signature' in value && typeof value.signature === 'string') return { signature: value.signature };
    if ('redacted' in value && typeof value.redacted === 'string') return { redacted: value.redacted };
  } catch {
    // not one of ours
  }
  return undefined;
}
