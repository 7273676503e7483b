import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../sim/cli/main.js';
import { argvArbitrary } from './argvArbitrary.js';

/** One vector's outcome: the exit code and what it wrote to stderr. */
export interface ArgvOutcome {
  readonly argv: readonly string[];
  readonly exitCode: number | 'threw';
  readonly stderr: string;
}

/** A stack trace line, as an uncaught error would print it. */
const stackLine = /\n\s+at .+[(:]\d+/;

/**
 * Runs `runs` fuzzed vectors through the CLI in this process, from a scratch working folder
 * (reports land there), with stdout and stderr captured. Returns the vectors that did not
 * exit 0, 1 or 2 with a message free of stack traces.
 */
export async function fuzzArgv(runs: number, seed: number): Promise<{ runs: number; bad: ArgvOutcome[] }> {
  const home = process.cwd();
  const scratch = await mkdtemp(join(tmpdir(), 'sim-argv-fuzz-'));
  const bad: ArgvOutcome[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };
  process.chdir(scratch);
  try {
    await fc.assert(
      fc.asyncProperty(argvArbitrary, async (argv) => {
        const outcome = await runCaptured(argv, writes);
        const ok = (outcome.exitCode === 0 || outcome.exitCode === 1 || outcome.exitCode === 2) && !stackLine.test(outcome.stderr);
        if (!ok) bad.push(outcome);
      }),
      { numRuns: runs, seed },
    );
  } finally {
    process.chdir(home);
    await rm(scratch, { recursive: true, force: true });
  }
  return { runs, bad };
}

async function runCaptured(argv: string[], writes: { out: typeof process.stdout.write; err: typeof process.stderr.write }): Promise<ArgvOutcome> {
  let stderr = '';
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { argv, exitCode: await main(argv), stderr };
  } catch (error) {
    return { argv, exitCode: 'threw', stderr: stderr + (error instanceof Error ? (error.stack ?? error.message) : String(error)) };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
}
