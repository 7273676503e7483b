import type { Kernel } from '../kernel/kernel.js';
import { nextArrivalMs } from './arrivals.js';
import { type LoadShape, parseLoadShape, peakRate } from './loadShape.js';
import { type ParamSpec, textParam } from './param.js';

/**
 * The `load` parameter every open-model scenario takes: empty for its own evenly spaced
 * constant rate (what its predictions are checked against), or a load shape.
 */
export function loadParam(example: string): ParamSpec<string> {
  const spec = textParam({
    description: `an open-model load shape instead of the constant rate, e.g. "${example}" (rate predictions then do not apply)`,
    defaultValue: '', pattern: /^$|^(constant|ramp|steps|spike|diurnal) [^\n]{1,200}$/,
    allowed: 'empty, or a shape: constant R/s, ramp R/s to R/s over D, steps R/s, R/s at T …, spike R/s xK at T for D, diurnal R/s to R/s over D',
  });
  // The whole shape is checked with the other parameters, before anything is built.
  return { ...spec, parse: (raw) => {
    const value = spec.parse(raw);
    if (value !== '') parseLoadShape(value);
    return value;
  } };
}

/** The shape a `load` value names, or null for the scenario's constant rate. */
export function loadShapeOf(load: string): LoadShape | null {
  return load === '' ? null : parseLoadShape(load);
}

/** The highest rate the load reaches: the constant rate, or the shape's peak. */
export function peakRatePerSec(load: string, ratePerSec: number): number {
  const shape = loadShapeOf(load);
  return shape ? peakRate(shape) : ratePerSec;
}

/**
 * When each request of an open-model load starts, in µs from `startMs`: request k at exactly
 * k / ratePerSec s without a shape (as the measurements the scenarios are checked against),
 * else the shape's arrivals, seeded from the kernel's stream `streamName`. Call in tag
 * order 0, 1, 2 …; null once no arrival falls before `endMs`.
 */
export function arrivalSchedule(kernel: Kernel, load: string, ratePerSec: number, endMs: number, startMs = 0, streamName = 'loadgen'): (tag: number) => number | null {
  const shape = loadShapeOf(load);
  if (!shape) {
    return (tag) => {
      const atUs = startMs * 1_000 + Math.round((tag * 1_000_000) / ratePerSec);
      return atUs < endMs * 1_000 ? atUs : null;
    };
  }
  const random = kernel.stream(streamName);
  let arrivalMs = 0;
  return () => {
    const next = nextArrivalMs(shape, arrivalMs, endMs - startMs, random);
    if (next === null) return null;
    arrivalMs = next;
    return Math.round((startMs + next) * 1_000);
  };
}
