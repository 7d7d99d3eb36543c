import type { z } from 'zod';
import { invalidRequest } from '../../core/errors';
import type { CanonicalImage, CanonicalMessage, CanonicalPart, CanonicalText } from '../canonical/request';
import { fieldPath, untranslatable } from '../canonical/errors';
import { imageSourceFromUrl } from '../openai/image-url';
import { decodeReasoningToken } from './reasoning-token';
import {
  customToolCallItemSchema,
  functionCallItemSchema,
  messageItemSchema,
  reasoningItemSchema,
  toolOutputItemSchema,
  type ContentPart,
} from './request-schema';
import { safeTypeName } from './safe-type-name';
import { upstreamToolName } from './tool-names';

/** The conversation of a Responses request in canonical form. */
export interface CanonicalConversation {
  readonly system: CanonicalText[];
  readonly messages: CanonicalMessage[];
}

function parseItem<T extends z.ZodType>(schema: T, item: unknown, field: string): z.infer<T> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = fieldPath(field, issue.path);
  const problem = issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'is required' : 'is not valid';
  throw invalidRequest(`The field '${path}' ${problem}.`, path);
}

function partType(part: ContentPart): string {
  return `'${safeTypeName(part.type) ?? 'this content part type'}'`;
}

/** A string field of a loosely parsed part, or undefined. */
function stringField(part: ContentPart, name: string): string | undefined {
  const value: unknown = (part as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function image(part: ContentPart, field: string): CanonicalImage {
  const url = stringField(part, 'image_url');
  const fileId = stringField(part, 'file_id');
  if (!url) {
    throw untranslatable(
      fileId ? `${field}.file_id` : `${field}.image_url`,
      fileId ? 'refers to an OpenAI file, which this gateway cannot read: send the image as a data: or https URL.' : 'is required.',
    );
  }
  return { type: 'image', source: imageSourceFromUrl(url, `${field}.image_url`) };
}

/** Message or tool-output content → canonical text and images. */
function contentParts(
  content: string | readonly ContentPart[],
  field: string,
  allowImages: boolean,
): Array<CanonicalText | CanonicalImage> {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return content.flatMap((part, index): Array<CanonicalText | CanonicalImage> => {
    const partField = `${field}[${index}]`;
    switch (part.type) {
      case 'input_text':
      case 'output_text': {
        const text = stringField(part, 'text');
        return text ? [{ type: 'text', text }] : [];
      }
      case 'refusal':
        return [{ type: 'text', text: stringField(part, 'refusal') ?? '' }];
      case 'input_image':
        if (allowImages) return [image(part, partField)];
        break;
    }
    throw untranslatable(`${partField}.type`, `${partType(part)} cannot be translated for this model's provider.`);
  });
}

function parseArguments(text: string, field: string): unknown {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // fall through
  }
  throw untranslatable(field, 'must be a JSON object encoded as a string.');
}

function reasoningParts(item: z.infer<typeof reasoningItemSchema>): CanonicalPart[] {
  const raw = (item.content ?? []).map((part) => part.text).join('');
  const text = raw || (item.summary ?? []).map((part) => part.text).join('\n\n');
  const token = decodeReasoningToken(item.encrypted_content);
  if (token && 'redacted' in token) return [{ type: 'redacted-thinking', data: token.redacted }];
  if (!text && !token) return [];
  return [{ type: 'thinking', text, ...(token ? { signature: token.signature } : {}) }];
}

/**
 * The `input` item list → system prompt and canonical messages. Consecutive items of one role join
 * one message (reasoning, text and function calls of a turn; tool outputs and the next user text),
 * and `system`/`developer` messages anywhere join the system prompt (Codex sends its instructions
 * as developer messages). `item_reference` needs stored items and is refused.
 */
export function conversationFromInput(input: string | readonly Record<string, unknown>[]): CanonicalConversation {
  const system: CanonicalText[] = [];
  const messages: CanonicalMessage[] = [];
  const append = (role: 'user' | 'assistant', parts: readonly CanonicalPart[]) => {
    if (!parts.length) return;
    const last = messages[messages.length - 1];
    if (last?.role === role) messages[messages.length - 1] = { role, content: [...last.content, ...parts] };
    else messages.push({ role, content: [...parts] });
  };
  if (typeof input === 'string') {
    append('user', [{ type: 'text', text: input }]);
    return { system, messages };
  }
  input.forEach((item, index) => {
    const field = `input[${index}]`;
    const type = item.type ?? 'message';
    switch (type) {
      case 'message': {
        const message = parseItem(messageItemSchema, item, field);
        const parts = contentParts(message.content, `${field}.content`, message.role === 'user');
        if (message.role === 'system' || message.role === 'developer') {
          parts.forEach((part, partIndex) => {
            if (part.type !== 'text')
              throw untranslatable(`${field}.content[${partIndex}]`, 'must be text in a system or developer message.');
            system.push(part);
          });
        } else {
          append(message.role, parts);
        }
        return;
      }
      case 'reasoning':
        append('assistant', reasoningParts(parseItem(reasoningItemSchema, item, field)));
        return;
      case 'function_call': {
        const call = parseItem(functionCallItemSchema, item, field);
        append('assistant', [
          {
            type: 'tool-call',
            id: call.call_id,
            name: upstreamToolName(call.name, call.namespace),
            input: parseArguments(call.arguments, `${field}.arguments`),
          },
        ]);
        return;
      }
      case 'custom_tool_call': {
        const call = parseItem(customToolCallItemSchema, item, field);
        append('assistant', [
          { type: 'tool-call', id: call.call_id, name: upstreamToolName(call.name, call.namespace), input: { input: call.input } },
        ]);
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const output = parseItem(toolOutputItemSchema, item, field);
        append('user', [
          { type: 'tool-result', toolCallId: output.call_id, content: contentParts(output.output, `${field}.output`, true) },
        ]);
        return;
      }
      case 'item_reference':
        throw untranslatable(
          `${field}.type`,
          "'item_reference' needs stored items, and this gateway stores nothing: send the referenced items themselves.",
        );
      default: {
        const name = safeTypeName(type);
        throw untranslatable(`${field}.type`, `${name ? `'${name}'` : 'this item type'} cannot be translated for this model's provider.`);
      }
    }
  });
  return { system, messages };
}
