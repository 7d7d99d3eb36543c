import type { CanonicalImageSource } from '../canonical/request';
import { BASE64 } from '../canonical/base64';
import { untranslatable } from '../canonical/errors';

/** Linear: the media type cannot contain the `;` that ends it, and the rest is taken whole. */
const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/** An OpenAI `image_url.url` (data: or http(s) URL) → canonical image source. */
export function imageSourceFromUrl(url: string, field: string): CanonicalImageSource {
  const match = DATA_URL.exec(url);
  if (match) {
    if (!BASE64.test(match[2])) throw untranslatable(field, 'holds a data: URL whose data is not base64.');
    return { kind: 'base64', mediaType: match[1].toLowerCase(), data: match[2] };
  }
  if (/^https?:\/\//i.test(url)) return { kind: 'url', url };
  throw untranslatable(field, 'must be an http(s) URL or a base64 data: URL.');
}

/** Canonical image source → URL for OpenAI-format bodies. */
export function imageSourceToUrl(source: CanonicalImageSource): string {
  return source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}
