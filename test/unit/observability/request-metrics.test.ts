import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, SERVICE_NAMES } from '../../../lambda/observability/metric-names';
import { publishRequestMetrics } from '../../../lambda/observability/request-metrics';
import { captureOutput } from '../../support/emf-output';

describe('publishRequestMetrics', () => {
  let output: ReturnType<typeof captureOutput>;
  let metrics: Metrics;

  beforeEach(() => {
    output = captureOutput();
    metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: SERVICE_NAMES.inference });
  });
  afterEach(() => output.restore());

  it('publishes one document per request under {service} and {service, provider, model}', () => {
    publishRequestMetrics(metrics, {
      status: 200,
      provider: 'deepseek',
      model: 'deepseek-chat',
      inputTokens: 12,
      outputTokens: 34,
      costUsd: 0.0012,
      meteringFailed: false,
    });
    const [document, ...rest] = output.emf();
    expect(rest).toEqual([]);
    expect(document._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Tollgate',
        Dimensions: [['service'], ['service', 'provider', 'model']],
        Metrics: expect.arrayContaining([
          { Name: 'Requests', Unit: 'Count' },
          { Name: 'CostUsd', Unit: 'None' },
          { Name: 'MeteringFailures', Unit: 'Count' },
        ]),
      },
    ]);
    expect(document).toMatchObject({
      service: 'tollgate-inference',
      provider: 'deepseek',
      model: 'deepseek-chat',
      Requests: 1,
      ClientErrors: 0,
      ServerErrors: 0,
      UpstreamErrors: 0,
      InputTokens: 12,
      OutputTokens: 34,
      CostUsd: 0.0012,
      MeteringFailures: 0,
    });
  });

  it('counts an upstream failure as a server error and an upstream error', () => {
    publishRequestMetrics(metrics, { status: 504, provider: 'anthropic', model: 'claude-*', meteringFailed: false });
    expect(output.emf()[0]).toMatchObject({ Requests: 1, ServerErrors: 1, UpstreamErrors: 1, ClientErrors: 0 });
  });

  it('keeps a request refused before any model was resolved under {service} only, without upstream or metering counts', () => {
    publishRequestMetrics(metrics, { status: 401 });
    const [document] = output.emf();
    expect(document._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    expect(document).toMatchObject({ Requests: 1, ClientErrors: 1, ServerErrors: 0 });
    expect(Object.keys(document)).not.toEqual(expect.arrayContaining(['UpstreamErrors']));
    expect(Object.keys(document)).not.toEqual(expect.arrayContaining(['MeteringFailures']));
    expect(Object.keys(document)).not.toEqual(expect.arrayContaining(['provider']));
  });

  it('never mixes two requests: each document carries only its own dimensions and values', () => {
    publishRequestMetrics(metrics, { status: 200, provider: 'gemini', model: 'gemini-2.5-flash', inputTokens: 1 });
    publishRequestMetrics(metrics, { status: 429 });
    const [first, second] = output.emf();
    expect(first).toMatchObject({ model: 'gemini-2.5-flash', InputTokens: 1 });
    expect(second._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    expect(second).not.toHaveProperty('model');
    expect(second).not.toHaveProperty('InputTokens');
    expect(second).toMatchObject({ Requests: 1 });
  });

  it('writes nothing but the document: no warning about dimension sets on stderr, no other line', () => {
    publishRequestMetrics(metrics, { status: 200, provider: 'ark', model: 'doubao-*', meteringFailed: true });
    expect(output.stderrLines()).toEqual([]);
    expect(output.logLines()).toEqual([]);
    expect(output.emf()[0]).toMatchObject({ MeteringFailures: 1 });
  });
});
