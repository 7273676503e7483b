import { TraceLog, formatTraceRecord } from '../kernel/traceLog.js';
import { parseSeed, runScenario } from '../scenario/runScenario.js';
import { createProgressBar } from './progressBar.js';
import { findProfile, findScenario } from './registry.js';

const traceRecordsMax = 50_000_000;

export interface CheckDeterminismOptions {
  readonly seed?: string;
  readonly set?: Record<string, string>;
  readonly profile?: string;
}

/**
 * Runs the scenario twice with the same seed in this process and compares trace hashes;
 * on a mismatch names the first delivered event where the two runs differ. Exit 0 when
 * equal, 1 when not.
 */
export async function checkDeterminismCommand(name: string, options: CheckDeterminismOptions): Promise<number> {
  const scenario = findScenario(name);
  const profile = findProfile(scenario, options.profile);
  const seed = parseSeed(options.seed ?? 1);
  const runOnce = (label: string) => {
    // Keep enough of the trace to name the first difference in any run up to eventsMax's
    // default (24 bytes per event); past it the hashes still compare every event.
    const traceLog = new TraceLog(traceRecordsMax);
    const progress = createProgressBar(`${scenario.name} ${label}`, true);
    try {
      const result = runScenario(scenario, profile, { seed, set: options.set ?? {}, traceLog, onProgress: progress.update });
      return { result, traceLog };
    } finally {
      progress.stop();
    }
  };
  const first = runOnce('run 1 of 2');
  const second = runOnce('run 2 of 2');
  const hashA = first.result.summary.traceHash;
  const hashB = second.result.summary.traceHash;
  if (hashA === hashB) {
    process.stdout.write(`deterministic: ${scenario.name} seed ${seed} gave trace ${hashA} twice (${first.result.summary.events} events)\n`);
    return 0;
  }
  const index = first.traceLog.firstDifference(second.traceLog);
  if (index < 0) {
    process.stdout.write(
      `NOT deterministic: ${scenario.name} seed ${seed} gave traces ${hashA} and ${hashB}; the first ${traceRecordsMax} events are equal, so the difference lies after them\n`,
    );
    return 1;
  }
  const a = first.traceLog.get(index);
  const b = second.traceLog.get(index);
  process.stdout.write(
    `NOT deterministic: ${scenario.name} seed ${seed} gave traces ${hashA} and ${hashB}\n` +
      `first difference at event ${index}:\n  run 1: ${a ? formatTraceRecord(a) : '(no event)'}\n  run 2: ${b ? formatTraceRecord(b) : '(no event)'}\n`,
  );
  return 1;
}
