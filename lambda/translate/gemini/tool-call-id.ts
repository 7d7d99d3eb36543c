/**
 * Gemini returns no function-call ids and wants each functionCall's `thoughtSignature` echoed on
 * the next turn (docs/PROTOCOLS.md §3, §6.4). For callers of other protocols the gateway mints the id
 * and carries the signature inside it, so the caller hands it back without knowing:
 *
 *   call_<base>                      no signature
 *   call_<base>__ts_<base64url(sig)> with signature
 *
 * The id stays within `[A-Za-z0-9_-]`, the alphabet Anthropic requires for tool ids.
 */
const SIGNATURE_MARK = '__ts_';

function idSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9-]/g, '');
}

/** A tool-call id for a Gemini functionCall; `upstreamId` is Gemini's own id when it sent one. */
export function mintToolCallId(requestId: string, position: number, signature?: string, upstreamId?: string): string {
  const base =
    upstreamId && /^[A-Za-z0-9_-]+$/.test(upstreamId) && !upstreamId.includes(SIGNATURE_MARK)
      ? upstreamId
      : `call_${idSafe(requestId)}_${position}`;
  return signature ? `${base}${SIGNATURE_MARK}${Buffer.from(signature, 'utf8').toString('base64url')}` : base;
}

/** The thoughtSignature carried in a minted id, if any. */
export function signatureFromToolCallId(id: string): string | undefined {
  const at = id.indexOf(SIGNATURE_MARK);
  if (at < 0) return undefined;
  const encoded = id.slice(at + SIGNATURE_MARK.length);
  return encoded ? Buffer.from(encoded, 'base64url').toString('utf8') : undefined;
}
