/** One CloudWatch embedded-metric document as Powertools Metrics writes it to stdout. */
export interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: ReadonlyArray<{
      readonly Namespace: string;
      readonly Dimensions: string[][];
      readonly Metrics: ReadonlyArray<{ Name: string; Unit: string }>;
    }>;
  };
  readonly [field: string]: unknown;
}

/**
 * Captures what the code under test writes to stdout and stderr (Powertools' Metrics and Logger write there, as Lambda
 * expects; the Logger's errors and warnings go to stderr) and splits it into embedded-metric documents and log lines.
 */
export function captureOutput(): {
  emf(): EmfDocument[];
  logLines(): Record<string, unknown>[];
  stderrLines(): string[];
  restore(): void;
} {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (lines: string[]) => (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture(stdout)),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture(stderr)),
  ];
  const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    emf: () => parsed(stdout).filter((entry): entry is EmfDocument => '_aws' in entry),
    logLines: () => parsed([...stdout, ...stderr]).filter((entry) => !('_aws' in entry)),
    stderrLines: () => [...stderr],
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
