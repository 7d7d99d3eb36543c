import type { z } from 'zod';
import { invalidRequest } from '../../core/errors';
import { fieldPath } from './errors';

/** Validates a caller's request body against its protocol schema, naming the first bad field in a 400. */
export function parseClientRequest<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = fieldPath('', issue.path);
  const problem = issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'is required' : 'is not valid';
  throw invalidRequest(`The field '${field}' ${problem}.`, field);
}
