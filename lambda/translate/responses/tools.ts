import { invalidRequest } from '../../core/errors';
import type { CanonicalTool, CanonicalToolChoice } from '../canonical/request';
import { fieldPath, untranslatable } from '../canonical/errors';
import {
  customToolSchema,
  functionToolSchema,
  namespaceToolSchema,
  type CustomTool,
  type FunctionTool,
  type ResponsesRequest,
} from './request-schema';
import { safeTypeName } from './safe-type-name';
import { ToolNames, upstreamToolName } from './tool-names';
import type { z } from 'zod';

/** The request's tools as the upstream sees them. */
export interface ToolPlan {
  readonly tools: CanonicalTool[];
  readonly toolChoice?: CanonicalToolChoice;
  readonly names: ToolNames;
  /** Types of the hosted tools left out (e.g. `web_search`), for the `x-tollgate-dropped-tools` header. */
  readonly dropped: string[];
  /** The caller's tools minus the dropped ones, echoed in the response object. */
  readonly kept: Record<string, unknown>[];
}

function parseTool<T extends z.ZodType>(schema: T, tool: unknown, field: string): z.infer<T> {
  const parsed = schema.safeParse(tool);
  if (parsed.success) return parsed.data;
  const path = fieldPath(field, parsed.error.issues[0].path);
  throw invalidRequest(`The field '${path}' is not valid.`, path);
}

const EMPTY_PARAMETERS = { type: 'object', properties: {} };

function functionTool(tool: FunctionTool, upstreamName: string, namespaceDescription?: string | null): CanonicalTool {
  const description = [namespaceDescription, tool.description].filter(Boolean).join('\n\n');
  return { name: upstreamName, ...(description ? { description } : {}), parameters: tool.parameters ?? EMPTY_PARAMETERS };
}

/**
 * A custom tool takes free-form text. Providers only know JSON-argument functions, so it goes up
 * as a function with one string argument `input` (its grammar, when it has one, joins the
 * description), and the call comes back as a `custom_tool_call` with that string.
 */
function customTool(tool: CustomTool, upstreamName: string, namespaceDescription?: string | null): CanonicalTool {
  const grammar =
    tool.format?.type === 'grammar' && tool.format.definition
      ? `The input must follow this ${tool.format.syntax ?? ''} grammar:\n${tool.format.definition}`
      : undefined;
  const description = [namespaceDescription, tool.description, grammar].filter(Boolean).join('\n\n');
  return {
    name: upstreamName,
    ...(description ? { description } : {}),
    parameters: {
      type: 'object',
      properties: { input: { type: 'string', description: 'The raw input for the tool.' } },
      required: ['input'],
    },
  };
}

function namedTool(
  tool: { type: string },
  field: string,
  names: ToolNames,
  namespace?: { readonly name: string; readonly description?: string | null },
): CanonicalTool {
  if (tool.type === 'function') {
    const parsed = parseTool(functionToolSchema, tool, field);
    const upstream = names.add({ name: parsed.name, namespace: namespace?.name, kind: 'function' }, `${field}.name`);
    return functionTool(parsed, upstream, namespace?.description);
  }
  const parsed = parseTool(customToolSchema, tool, field);
  const upstream = names.add({ name: parsed.name, namespace: namespace?.name, kind: 'custom' }, `${field}.name`);
  return customTool(parsed, upstream, namespace?.description);
}

/**
 * `tools` → canonical tools. Function and custom tools (also inside `namespace` groups) are the
 * caller's to run and go upstream; hosted tools (`web_search`, `file_search`, `code_interpreter`,
 * ...) run on OpenAI's servers only, so they are left out and named in a response header: Codex
 * sends `web_search` by default and must still work.
 */
export function planTools(request: ResponsesRequest): ToolPlan {
  const names = new ToolNames();
  const tools: CanonicalTool[] = [];
  const dropped: string[] = [];
  const kept: Record<string, unknown>[] = [];
  (request.tools ?? []).forEach((tool, index) => {
    const field = `tools[${index}]`;
    if (tool.type === 'function' || tool.type === 'custom') {
      tools.push(namedTool(tool, field, names));
    } else if (tool.type === 'namespace') {
      const group = parseTool(namespaceToolSchema, tool, field);
      group.tools.forEach((inner, innerIndex) => {
        const innerField = `${field}.tools[${innerIndex}]`;
        if (inner.type !== 'function' && inner.type !== 'custom') {
          throw untranslatable(`${innerField}.type`, 'must be function or custom inside a namespace.');
        }
        tools.push(namedTool(inner, innerField, names, group));
      });
    } else {
      dropped.push(safeTypeName(tool.type) ?? 'unknown');
      return;
    }
    kept.push(tool);
  });
  return { tools, names, dropped, kept, toolChoice: toolChoice(request.tool_choice, names) };
}

function forcedDroppedTool(type: string): never {
  throw untranslatable(
    'tool_choice',
    `forces the hosted tool '${type}', which this gateway cannot run (hosted tools are left out of what goes upstream).`,
  );
}

function namedChoice(name: unknown, namespace: unknown, names: ToolNames): CanonicalToolChoice {
  if (typeof name !== 'string' || !name) throw invalidRequest("The field 'tool_choice.name' is required.", 'tool_choice.name');
  const upstream = upstreamToolName(name, typeof namespace === 'string' ? namespace : undefined);
  if (!names.has(upstream)) throw untranslatable('tool_choice.name', 'names a tool that is not in tools.');
  return { type: 'tool', name: upstream };
}

/**
 * `tool_choice` → canonical. `allowed_tools` keeps its mode (the tool list still goes up whole,
 * which keeps the provider's prompt cache); forcing a hosted tool the gateway left out is a 400.
 */
function toolChoice(choice: ResponsesRequest['tool_choice'], names: ToolNames): CanonicalToolChoice | undefined {
  if (!choice) return undefined;
  if (typeof choice === 'string') return { type: choice };
  const record = choice as Record<string, unknown>;
  switch (choice.type) {
    case 'function':
    case 'custom':
      return namedChoice(record.name, record.namespace, names);
    case 'allowed_tools': {
      const mode = record.mode === 'required' ? 'required' : 'auto';
      const allowedTypes = (Array.isArray(record.tools) ? (record.tools as unknown[]) : []).map((tool) =>
        tool !== null && typeof tool === 'object' && 'type' in tool ? tool.type : undefined,
      );
      if (mode === 'required' && allowedTypes.length > 0 && allowedTypes.every((type) => type !== 'function' && type !== 'custom')) {
        forcedDroppedTool(safeTypeName(allowedTypes[0]) ?? 'unknown');
      }
      return { type: mode };
    }
    default: {
      const type = safeTypeName(choice.type);
      if (type) forcedDroppedTool(type);
      throw untranslatable('tool_choice.type', 'is not a tool choice this gateway knows.');
    }
  }
}
