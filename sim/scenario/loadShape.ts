import { durationMs, durationPattern } from './durationText.js';
import { UsageError } from './usageError.js';

/** How arrivals are spaced at a given rate: a seeded Poisson process, or evenly. */
export type ArrivalSpacing = 'exponential' | 'even';

/**
 * The rate of an open-model load over simulated time: requests arrive on schedule whether or
 * not earlier ones finished (as k6's arrival-rate executors and wrk2 do), at a rate that
 * follows the shape. Rates in requests per second, times in ms from the start of the run.
 */
export type LoadShape = (
  | { readonly kind: 'constant'; readonly ratePerSec: number }
  | { readonly kind: 'ramp'; readonly fromPerSec: number; readonly toPerSec: number; readonly overMs: number }
  /** The first step's rate holds from 0; each later step takes over at its time. */
  | { readonly kind: 'steps'; readonly steps: readonly { readonly atMs: number; readonly ratePerSec: number }[] }
  | { readonly kind: 'spike'; readonly ratePerSec: number; readonly factor: number; readonly atMs: number; readonly forMs: number }
  /** A day compressed into `periodMs`: the trough at the start, the peak half a period later (a cosine). */
  | { readonly kind: 'diurnal'; readonly minPerSec: number; readonly maxPerSec: number; readonly periodMs: number }
) & { readonly spacing: ArrivalSpacing; readonly text: string };

/** The forms, as errors and help show them. */
export const loadShapeForms: readonly string[] = [
  'constant 600/s',
  'ramp 100/s to 600/s over 60s',
  'steps 100/s, 300/s at 20s, 600/s at 40s',
  'spike 200/s x5 at 30s for 10s',
  'diurnal 100/s to 900/s over 10m',
  "any of them followed by 'even' or 'exponential' (the default: seeded Poisson arrivals)",
];

const rate = '(\\d+(?:\\.\\d+)?)/s';
const time = `(${durationPattern})`;

/**
 * Parses a load shape. Five fixed forms of a few words, like the fault language: anchored
 * patterns read as the grammar does, with no parser library needed.
 */
export function parseLoadShape(raw: string): LoadShape {
  const words = raw.trim().replace(/\s+/g, ' ');
  const spacingMatch = / (even|exponential)$/.exec(words);
  const spacing: ArrivalSpacing = (spacingMatch?.[1] as ArrivalSpacing | undefined) ?? 'exponential';
  const body = spacingMatch ? words.slice(0, spacingMatch.index) : words;
  const shape = parseBody(body);
  if (!shape) throw new UsageError(`bad load shape ${JSON.stringify(words.slice(0, 120))}: expected one of\n  ${loadShapeForms.join('\n  ')}`);
  return { ...shape, spacing, text: words } as LoadShape;
}

function parseBody(body: string): Record<string, unknown> | null {
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^constant ${rate}$`).exec(body))) return { kind: 'constant', ratePerSec: Number(m[1]) };
  if ((m = new RegExp(`^ramp ${rate} to ${rate} over ${time}$`).exec(body))) return { kind: 'ramp', fromPerSec: Number(m[1]), toPerSec: Number(m[2]), overMs: durationMs(m[3]!) };
  if ((m = new RegExp(`^spike ${rate} x(\\d+(?:\\.\\d+)?) at ${time} for ${time}$`).exec(body))) {
    return { kind: 'spike', ratePerSec: Number(m[1]), factor: Number(m[2]), atMs: durationMs(m[3]!), forMs: durationMs(m[4]!) };
  }
  if ((m = new RegExp(`^diurnal ${rate} to ${rate} over ${time}$`).exec(body))) {
    return { kind: 'diurnal', minPerSec: Number(m[1]), maxPerSec: Number(m[2]), periodMs: durationMs(m[3]!) };
  }
  if (body.startsWith('steps ')) return parseSteps(body.slice('steps '.length));
  return null;
}

function parseSteps(list: string): Record<string, unknown> | null {
  const steps: { atMs: number; ratePerSec: number }[] = [];
  for (const [index, part] of list.split(/ ?, ?/).entries()) {
    const m = new RegExp(index === 0 ? `^${rate}$` : `^${rate} at ${time}$`).exec(part);
    if (!m) return null;
    const atMs = index === 0 ? 0 : durationMs(m[2]!);
    if (steps.length > 0 && atMs <= steps.at(-1)!.atMs) throw new UsageError(`load shape steps must come in increasing time, but "${part}" does not`);
    steps.push({ atMs, ratePerSec: Number(m[1]) });
  }
  return steps.length === 0 ? null : { kind: 'steps', steps };
}


/** The shape's rate at `tMs`, in requests per second. */
export function rateAt(shape: LoadShape, tMs: number): number {
  switch (shape.kind) {
    case 'constant':
      return shape.ratePerSec;
    case 'ramp':
      return tMs >= shape.overMs ? shape.toPerSec : shape.fromPerSec + ((shape.toPerSec - shape.fromPerSec) * tMs) / shape.overMs;
    case 'steps': {
      let current = shape.steps[0]!.ratePerSec;
      for (const step of shape.steps) if (step.atMs <= tMs) current = step.ratePerSec;
      return current;
    }
    case 'spike':
      return tMs >= shape.atMs && tMs < shape.atMs + shape.forMs ? shape.ratePerSec * shape.factor : shape.ratePerSec;
    case 'diurnal':
      return shape.minPerSec + ((shape.maxPerSec - shape.minPerSec) * (1 - Math.cos((2 * Math.PI * tMs) / shape.periodMs))) / 2;
  }
}

/** The highest rate the shape reaches, which bounds the thinning of Poisson arrivals. */
export function peakRate(shape: LoadShape): number {
  switch (shape.kind) {
    case 'constant':
      return shape.ratePerSec;
    case 'ramp':
      return Math.max(shape.fromPerSec, shape.toPerSec);
    case 'steps':
      return Math.max(...shape.steps.map((step) => step.ratePerSec));
    case 'spike':
      return shape.ratePerSec * Math.max(1, shape.factor);
    case 'diurnal':
      return Math.max(shape.minPerSec, shape.maxPerSec);
  }
}
