import type { Kernel, TraceName } from '../kernel/kernel.js';
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
  if (shape) return shapeSchedule(kernel, shape, endMs, startMs, streamName);
  return (tag) => {
    const atUs = startMs * 1_000 + Math.round((tag * 1_000_000) / ratePerSec);
    return atUs < endMs * 1_000 ? atUs : null;
  };
}

/** {@link arrivalSchedule} of a load shape: its arrivals from `startMs` to `endMs`, seeded from the kernel's stream `streamName`. */
export function shapeSchedule(kernel: Kernel, shape: LoadShape, endMs: number, startMs = 0, streamName = 'loadgen'): (tag: number) => number | null {
  const random = kernel.stream(streamName);
  let arrivalMs = 0;
  return () => {
    const next = nextArrivalMs(shape, arrivalMs, endMs - startMs, random);
    if (next === null) return null;
    arrivalMs = next;
    return Math.round((startMs + next) * 1_000);
  };
}

/** An open-model load's request starts, as {@link startArrivals} hands them to the kernel. */
interface Arrivals {
  readonly kernel: Kernel;
  readonly atUsOf: (tag: number) => number | null;
  readonly actor: TraceName;
  readonly type: TraceName;
  readonly arrive: (tag: number) => void;
}

/**
 * Runs an open-model load: `arrive(tag)` for request 0, 1, 2 … at the times `atUsOf` gives (µs)
 * (an {@link arrivalSchedule}), until it gives null. Each arrival is one kernel event, traced
 * as `loadgen <eventType> #tag`, with one shared handler (`Kernel.call`), not a closure per
 * request; the next arrival is scheduled once `arrive` has run, so whatever a request starts
 * at the same time comes before it.
 */
export function startArrivals(kernel: Kernel, atUsOf: (tag: number) => number | null, eventType: string, arrive: (tag: number) => void): void {
  scheduleArrival({ kernel, atUsOf, actor: kernel.name('loadgen'), type: kernel.name(eventType), arrive }, 0);
}

function scheduleArrival(arrivals: Arrivals, tag: number): void {
  const atUs = arrivals.atUsOf(tag);
  if (atUs !== null) arrivals.kernel.call(atUs, arrivals.actor, arrivals.type, tag, runArrival, arrivals, tag);
}

/** Request `tag` is due (called by the kernel): it starts, and the next one is scheduled. */
function runArrival(arrivals: Arrivals, tag: number): void {
  arrivals.arrive(tag);
  scheduleArrival(arrivals, tag + 1);
}
