import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, serveOnLoopback } from './fake-upstreams/fake-server';

/**
 * A fake AWS Systems Manager Parameter Store speaking the service's wire protocol (AWS JSON 1.1:
 * `POST /`, `x-amz-target: AmazonSSM.<Operation>`), enough for the catalog store: GetParameter
 * (`ParameterNotFound` for a missing name) and PutParameter (String values, Overwrite, versions).
 * The real SDK client is pointed at it with an endpoint override; signatures are not checked.
 */
export interface FakeSsmServer {
  readonly endpoint: string;
  /** Parameters by name. */
  readonly parameters: Map<string, { value: string; version: number; tier?: string }>;
  close(): Promise<void>;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
}

export async function startFakeSsmServer(): Promise<FakeSsmServer> {
  const parameters = new Map<string, { value: string; version: number; tier?: string }>();
  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSSM\./, '');
    const body = await readJsonBody(request);
    const name = String(body.Name);
    if (operation === 'GetParameter') {
      const parameter = parameters.get(name);
      if (!parameter) return reply(response, 400, { __type: 'ParameterNotFound', message: 'Parameter not found.' });
      return reply(response, 200, { Parameter: { Name: name, Type: 'String', Value: parameter.value, Version: parameter.version } });
    }
    if (operation === 'PutParameter') {
      const existing = parameters.get(name);
      if (existing && body.Overwrite !== true) return reply(response, 400, { __type: 'ParameterAlreadyExists', message: 'Exists.' });
      const version = (existing?.version ?? 0) + 1;
      parameters.set(name, { value: String(body.Value), version, tier: typeof body.Tier === 'string' ? body.Tier : undefined });
      return reply(response, 200, { Version: version, Tier: 'Standard' });
    }
    return reply(response, 400, { __type: 'InvalidAction', message: `Unsupported operation ${operation}.` });
  }
  const server = await serveOnLoopback(answer);
  return { endpoint: server.origin, parameters, close: () => server.close() };
}
