/**
 * Samples of `perf record -g` on a Node process started with `--perf-basic-prof`, read from
 * `perf script -F ip,sym,dso`, and sorted into where the CPU went: the kernel, V8's
 * builtins, V8's C++ runtime, its collector, libc, Node's C++ and libuv, and JavaScript by
 * folder. A builtin or runtime function is also charged to the nearest JavaScript frame
 * above it, which says whose Map lookup or string flattening it is.
 */

/** One stack frame: its symbol and the file it is in (a library, the node binary, perf's JIT map). */
export interface PerfFrame {
  readonly symbol: string;
  readonly dso: string;
}

/** Leaf first, as perf prints a call chain. */
export type PerfSample = readonly PerfFrame[];

const framePattern = /^\s+[0-9a-f]+ (.*) \((.*)\)$/;

/** Splits `perf script -F ip,sym,dso` output into samples: a sample is a run of indented frame lines. */
export function parsePerfScript(text: string): PerfSample[] {
  const samples: PerfSample[] = [];
  let frames: PerfFrame[] = [];
  for (const line of text.split('\n')) {
    const match = framePattern.exec(line);
    if (match) {
      frames.push({ symbol: match[1] as string, dso: match[2] as string });
      continue;
    }
    if (frames.length > 0) samples.push(frames);
    frames = [];
  }
  if (frames.length > 0) samples.push(frames);
  return samples;
}

/** JavaScript frames by folder, in this order of test; anything else of ours is `JS other`. */
const scriptFolders: readonly [string, string][] = [
  ['sim/models/', 'JS model'],
  ['sim/live/host/', 'JS live host'],
  ['sim/live/gearman/', 'JS codec'],
  ['sim/live/perf/', 'JS floor hub'],
  ['sim/contract/', 'JS contract'],
  ['node_modules/', 'JS dependencies'],
  ['node:', 'JS Node (streams, timers)'],
];

const collectorWords = ['Scaveng', 'Heap::', 'GCTracer', 'Sweep', 'Marking', 'Evacuat', 'SemiSpace', 'MemoryChunk', 'ArrayBufferSweeper'];

/** Where a leaf frame's time goes. */
export function frameCategory(frame: PerfFrame): string {
  const { symbol, dso } = frame;
  if (dso.includes('kernel')) return 'kernel';
  if (symbol.startsWith('JS:')) return scriptFolders.find(([folder]) => symbol.includes(folder))?.[1] ?? 'JS other';
  if (symbol.startsWith('Builtins_')) return 'V8 builtins';
  if (dso.includes('libc')) return 'libc';
  if (collectorWords.some((word) => symbol.includes(word))) return 'V8 collector';
  if (symbol.startsWith('v8::')) return 'V8 runtime (C++)';
  if (symbol.startsWith('node::') || symbol.startsWith('uv') || symbol.includes('node::')) return 'Node C++ and libuv';
  return 'other';
}

/** The nearest JavaScript function above the leaf, as `name file`, with the repository's path prefix dropped. */
export function nearestScript(sample: PerfSample): string {
  const frame = sample.find((candidate) => candidate.symbol.startsWith('JS:'));
  if (!frame) return '(no JavaScript: event loop, threads)';
  const [name = '', location = ''] = frame.symbol.slice(3).replace(/^[*~^]/, '').split(/ (?=\S+$)/);
  const file = location.replace(/^file:\/\/.*?\/(sim|bench|node_modules)\//, '$1/').replace(/:\d+:\d+$/, '');
  return `${name || '(anonymous)'} ${file}`;
}

/** Counts by key, largest first, as shares of `total`. */
export function topShares(counts: Map<string, number>, total: number, limit: number): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([key, count]) => [key, count / Math.max(1, total)]);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const name = key(item);
    if (name !== null) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}
