import { untranslatable } from '../canonical/errors';

/** How the caller named a tool: a function or a custom (free-form input) tool, maybe inside a namespace. */
export interface ClientToolName {
  readonly name: string;
  readonly namespace?: string;
  readonly kind: 'function' | 'custom';
}

/**
 * Providers know flat function names only, so a tool inside a `namespace` goes upstream as
 * `<namespace>__<name>` (letters, digits, `_` and `-` stay within every provider's name alphabet),
 * and calls to it come back split again. A function call in the caller's input names its namespace
 * itself, so the same flat name is rebuilt from it.
 */
export const NAMESPACE_SEPARATOR = '__';

/** The longest function name OpenAI, Anthropic and Gemini all accept. */
const MAX_UPSTREAM_NAME = 64;

export function upstreamToolName(name: string, namespace?: string | null): string {
  return namespace ? `${namespace}${NAMESPACE_SEPARATOR}${name}` : name;
}

/** The request's tools by their upstream (flat) name. */
export class ToolNames {
  private readonly byUpstream = new Map<string, ClientToolName>();

  /** Registers a tool and returns its upstream name; two tools with one upstream name are a 400. */
  add(tool: ClientToolName, field: string): string {
    const upstream = upstreamToolName(tool.name, tool.namespace);
    if (this.byUpstream.has(upstream)) {
      throw untranslatable(field, `names a tool twice (tools inside a namespace go upstream as namespace${NAMESPACE_SEPARATOR}name).`);
    }
    if (upstream.length > MAX_UPSTREAM_NAME) {
      throw untranslatable(
        field,
        `gives a tool name longer than ${MAX_UPSTREAM_NAME} characters (with its namespace), which providers refuse.`,
      );
    }
    this.byUpstream.set(upstream, tool);
    return upstream;
  }

  has(upstream: string): boolean {
    return this.byUpstream.has(upstream);
  }

  /** The caller's name for a tool the model called; a name the request did not define is a plain function. */
  client(upstream: string): ClientToolName {
    return this.byUpstream.get(upstream) ?? { name: upstream, kind: 'function' };
  }
}
