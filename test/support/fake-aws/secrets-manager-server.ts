import { readJsonBody, serveOnLoopback, type RunningFakeServer } from '../fake-upstreams/fake-server';

/** A loopback stand-in for Secrets Manager's GetSecretValue (AWS JSON 1.1), enough for the SDK client. */
export interface FakeSecretsManager extends RunningFakeServer {
  /** The secret's current value; undefined = a secret created without a value (no AWSCURRENT version). */
  value: string | undefined;
  /** GetSecretValue calls received. */
  readonly calls: number;
}

export async function startFakeSecretsManager(secretId: string): Promise<FakeSecretsManager> {
  let calls = 0;
  const state: { value: string | undefined } = { value: undefined };
  const server = await serveOnLoopback(async (request, response) => {
    const body = await readJsonBody(request);
    calls += 1;
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `fake-${calls}` };
    if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue' || body.SecretId !== secretId || state.value === undefined) {
      // What Secrets Manager answers for an empty secret (and, with another message, for an unknown one).
      response.writeHead(400, headers);
      response.end(
        JSON.stringify({
          __type: 'ResourceNotFoundException',
          Message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        }),
      );
      return;
    }
    response.writeHead(200, headers);
    response.end(JSON.stringify({ ARN: secretId, Name: 'upstream-keys', SecretString: state.value, VersionStages: ['AWSCURRENT'] }));
  });
  return {
    ...server,
    get value() {
      return state.value;
    },
    set value(next) {
      state.value = next;
    },
    get calls() {
      return calls;
    },
  };
}
