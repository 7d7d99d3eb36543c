/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`, e.g. from `npm run bench -- --cpu-prof=DIR`):
 * idle and GC share, self time by module (our directories, each npm package, Node's internals),
 * the functions with the most self time, and the inclusive time of functions matching a pattern.
 *
 *   npx tsx bench/cpu-profile-summary.ts PROFILE.cpuprofile [--requests=N] [--inclusive=REGEX]
 *
 * With --requests, times are also given per request (profiled CPU time ÷ N).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const PROFILE = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

type ProfileNode = z.infer<typeof PROFILE>['nodes'][number];

/** Where a frame's code lives: an npm package, one of our directories, or a part of Node. */
function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1];
  const ours = /\/(lambda\/[^/]+|bench|test\/[^/]+)\//.exec(url);
  if (ours) return ours[1];
  const internal = /^node:(internal\/[^/]+|[^/]+)/.exec(url);
  if (internal) return `node:${internal[1]}`;
  return url;
}

function main(): void {
  const [file, ...flags] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile-summary.ts PROFILE.cpuprofile [--requests=N] [--inclusive=REGEX]');
  const flag = (name: string) => flags.find((value) => value.startsWith(`--${name}=`))?.slice(name.length + 3);
  const requests = Number(flag('requests') ?? 0);
  const inclusive = flag('inclusive');
  const profile = PROFILE.parse(JSON.parse(readFileSync(file, 'utf8')));

  const byId = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
  const totalMs = [...selfMs.values()].reduce((sum, value) => sum + value, 0);
  const idleMs = [...selfMs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((sum, [, value]) => sum + value, 0);
  const busyMs = totalMs - idleMs;
  const per = (value: number) => (requests > 0 ? `  ${((value / requests) * 1000).toFixed(1).padStart(7)} µs/req` : '');
  const pct = (value: number) => `${((value / busyMs) * 100).toFixed(1).padStart(5)}%`;

  console.log(
    `profile ${(totalMs / 1000).toFixed(2)} s, idle ${((idleMs / totalMs) * 100).toFixed(1)}%, busy ${busyMs.toFixed(0)} ms${per(busyMs)}`,
  );

  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, value] of selfMs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const module = moduleOf(frame.url, frame.functionName);
    byModule.set(module, (byModule.get(module) ?? 0) + value);
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(lambda|bench)\//, '$1/')}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + value);
  }
  console.log('\nself time by module (share of busy time)');
  for (const [module, value] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${pct(value)}  ${value.toFixed(0).padStart(6)} ms${per(value)}  ${module}`);
  console.log('\nfunctions by self time');
  for (const [name, value] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${pct(value)}  ${value.toFixed(0).padStart(6)} ms${per(value)}  ${name}`);

  if (inclusive) {
    // Inclusive time of matching frames, counting a sample once even when the frame recurses.
    const pattern = new RegExp(inclusive);
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const matchedBy = new Map<string, number>();
    for (const [id, value] of selfMs) {
      const seen = new Set<string>();
      for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
        const frame = byId.get(current)?.callFrame;
        if (!frame) break;
        const name = `${frame.functionName || '(anonymous)'} ${moduleOf(frame.url, frame.functionName)}`;
        if (pattern.test(name) && !seen.has(name)) {
          seen.add(name);
          matchedBy.set(name, (matchedBy.get(name) ?? 0) + value);
        }
      }
    }
    console.log(`\ninclusive time of frames matching /${inclusive}/`);
    for (const [name, value] of [...matchedBy].sort((a, b) => b[1] - a[1]).slice(0, 40))
      console.log(`${pct(value)}  ${value.toFixed(0).padStart(6)} ms${per(value)}  ${name}`);
  }
}

main();
