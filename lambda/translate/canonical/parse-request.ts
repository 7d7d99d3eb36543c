import type { z } from 'zod';
import { invalidRequest } from '../../core/errors';
import { fieldPath } from './errors';

type Issue = z.ZodError['issues'][number];

/**
 * The issue that says what to fix. A union (`string | Block[]`) reports one list of issues per
 * option: the option whose type matched the input (its first issue lies inside the value) is the
 * one the caller meant, so its issue is used, with its path appended.
 */
function mostSpecific(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const inside = issue.errors
    .map((issues) => issues[0])
    .filter((first) => first && !(first.code === 'invalid_type' && first.path.length === 0));
  if (inside.length !== 1) return issue;
  return mostSpecific({ ...inside[0], path: [...issue.path, ...inside[0].path] });
}

function problem(issue: Issue): string {
  // zod keeps no input in its issues; its message says what was received.
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return 'is required';
  // A tag no option has (`"type": "vidoe"`): list the tags there are (they come from the schema, not the caller).
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options) && issue.options.length > 0) {
    return `must be one of ${issue.options.map(String).join(', ')}`;
  }
  return 'is not valid';
}

/** Validates a caller's request body against its protocol schema, naming the first bad field in a 400. */
export function parseClientRequest<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = mostSpecific(parsed.error.issues[0]);
  // Paths hold schema keys and array indexes only: a caller's own key names never reach the message.
  const field = fieldPath('', issue.path);
  throw invalidRequest(`The field '${field}' ${problem(issue)}.`, field);
}
