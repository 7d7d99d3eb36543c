import { z } from 'zod';

/**
 * Base64 image data (standard or URL-safe alphabet, optional padding). One character class and no
 * nested quantifier: linear in the length, also for a multi-megabyte image.
 */
export const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export const base64Data = z.string().regex(BASE64);
