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
const tokenText = /^grab1\.([a-z]+)\.([a-z]+)\.(-?\d+)\.(\d+(?::\d+)*)$/;

/** `grab1.<model>.<mode>.<seed>.<path>`, e.g. `grab1.naive.requeue.-1702.3:0:1`. */
export function formatReplayToken(token: ReplayToken): string {
  return `grab1.${token.model}.${token.mode}.${token.seed}.${token.path}`;
}

export function parseReplayToken(text: string): ReplayToken {
  const match = tokenText.exec(text.trim());
  const model = match?.[1] as GrabModelName | undefined;
  const mode = match?.[2] as GrabMode | undefined;
  if (!match || !model || !mode || !models.includes(model) || !modes.includes(mode)) {
    throw new UsageError(
      `"${text}" is not a replay token: expected grab1.<model>.<mode>.<seed>.<path> with model ${models.join('|')} ` +
        `and mode ${modes.join('|')}, as printed by \`sim check grab\``,
    );
  }
  return { model, mode, seed: Number(match[3]), path: match[4] as string };
}
