import { quoteInput } from '../../scenario/quoteInput.js';
import { UsageError } from '../../scenario/usageError.js';

/** Which system a grab check runs: the Gearman hub, or a database queue (the Gearman PROTOCOL file; TheSchwartz.pm). */
export type GrabModelName = 'hub' | 'schwartz' | 'naive';
export type GrabMode = 'requeue' | 'fail';

/**
 * Everything that regenerates one property-test case exactly: the model, the worker-loss
 * mode, and fast-check's seed and shrink path (fast-check's own replay contract).
 */
export interface ReplayToken {
  readonly model: GrabModelName;
  readonly mode: GrabMode;
  readonly seed: number;
  readonly path: string;
}

const models: readonly GrabModelName[] = ['hub', 'schwartz', 'naive'];
const modes: readonly GrabMode[] = ['requeue', 'fail'];
const tokenText = /^grab1\.([a-z]+)\.([a-z]+)\.(-?\d{1,10})\.(\d{1,7}(?::\d{1,7}){0,999})$/;
/** fast-check's seeds are signed 32-bit integers. */
const seedMin = -(2 ** 31);
const seedMax = 2 ** 31 - 1;
/**
 * The first step of a path is the index of the failing run, at most `sim check grab`'s
 * --runs; each later step picks one of a shrink's candidates, far fewer than this.
 */
const pathStepMax = 1_000_000;

/** `grab1.<model>.<mode>.<seed>.<path>`, e.g. `grab1.naive.requeue.-1702.3:0:1`. */
export function formatReplayToken(token: ReplayToken): string {
  return `grab1.${token.model}.${token.mode}.${token.seed}.${token.path}`;
}

/**
 * Reads a token, every part within its range: the seed a signed 32-bit integer, the path at
 * most 1 000 steps of at most 1 000 000 each. Whether the path names a case of that seed is
 * checked when the case is regenerated (`caseOfToken`).
 */
export function parseReplayToken(text: string): ReplayToken {
  const match = tokenText.exec(text.trim());
  const model = match?.[1] as GrabModelName | undefined;
  const mode = match?.[2] as GrabMode | undefined;
  const seed = Number(match?.[3]);
  const path = match?.[4] ?? '';
  const stepsFit = path.split(':').every((step) => Number(step) <= pathStepMax);
  if (!match || !model || !mode || !models.includes(model) || !modes.includes(mode) || seed < seedMin || seed > seedMax || !stepsFit) {
    throw new UsageError(
      `${quoteInput(text)} is not a replay token: expected grab1.<model>.<mode>.<seed>.<path> with model ${models.join('|')}, ` +
        `mode ${modes.join('|')}, a seed from ${seedMin} to ${seedMax} and a path of steps up to ${pathStepMax}, as printed by \`sim check grab\``,
    );
  }
  return { model, mode, seed, path };
}
