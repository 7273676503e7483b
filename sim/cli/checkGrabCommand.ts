import { wallNowMs } from '../kernel/determinism.js';
import { checkGrab } from '../check/grab/checkGrab.js';
import { findGrabModel } from '../check/grab/grabModels.js';
import type { GrabMode } from '../check/grab/replayToken.js';
import { parseSeed } from '../scenario/runScenario.js';
import { UsageError } from '../scenario/usageError.js';
import { grabCheckParts, runGrabCheckParts } from '../sweep/grabCheckPart.js';
import { parseIntegerOption } from './parseOptions.js';
import { createProgressBar } from './progressBar.js';

export interface CheckGrabCommandOptions {
  readonly model: string;
  readonly runs: string;
  readonly seed?: string;
  readonly mode: string;
  readonly jobs: string;
}

const runsMax = 1_000_000;

function parseRuns(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > runsMax) {
    throw new UsageError(`--runs expects an integer from 1 to ${runsMax}, got "${raw}"`);
  }
  return Number(raw);
}

function parseMode(raw: string): GrabMode {
  if (raw !== 'requeue' && raw !== 'fail') throw new UsageError(`--mode expects requeue or fail, got "${raw}"`);
  return raw;
}

/**
 * `sim check grab`: the grab-atomicity property over generated workloads and fault
 * schedules. Exit 0 when it held on every run; 1 with the shrunk counterexample, its
 * violations and the replay token when it did not.
 */
export async function checkGrabCommand(options: CheckGrabCommandOptions): Promise<number> {
  const mode = parseMode(options.mode);
  const model = findGrabModel(options.model, mode);
  const runs = parseRuns(options.runs);
  const seed = parseSeed(options.seed ?? 1);
  const jobs = parseIntegerOption('--jobs', options.jobs, 1, 1_024);
  const progress = createProgressBar(`check grab ${model.name}`, true, 'runs');
  const started = wallNowMs();
  let outcome;
  try {
    if (jobs === 1) {
      outcome = checkGrab(model, { runs, seed, mode, onRun: (done) => progress.update(done, runs, done) });
    } else {
      let done = 0;
      const parts = grabCheckParts(model.name, mode, seed, runs, jobs);
      outcome = await runGrabCheckParts(parts, (partRuns) => progress.update((done += partRuns), runs, done));
    }
  } finally {
    progress.stop();
  }
  const seconds = (wallNowMs() - started) / 1_000;
  const rate = `${(outcome.runs / seconds).toFixed(0)} runs/s`;
  if (outcome.passed) {
    process.stdout.write(`grab atomicity held: model ${model.name}, mode ${mode}, ${outcome.runs} runs, seed ${seed} (${rate})\n`);
    return 0;
  }
  const example = outcome.counterexample;
  if (!example) throw new Error('check grab: a failed check without a counterexample');
  process.stdout.write(
    `grab atomicity BROKEN: model ${model.name}, mode ${mode}, after ${outcome.runs} runs (seed ${seed}), shrunk ${example.shrinks} times\n\n` +
      `Minimal case:\n${indent(example.schedule)}\n\nViolations:\n${example.violations.map(indent).join('\n\n')}\n\n` +
      `Replay: npx sim replay ${example.tokenText}\n`,
  );
  return 1;
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
