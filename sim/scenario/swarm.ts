import { deriveSeed, RandomStream } from '../kernel/randomStream.js';
import type { SwarmDrawn } from '../report/runSummary.js';
import { describeTopology, type TopologyListing } from './describeTopology.js';
import type { SwarmRange } from './param.js';
import { parseFault } from './parseFault.js';
import type { Profile } from './profile.js';
import type { QuietPhase } from './quietPhase.js';
import { resolveParams } from './resolveParams.js';
import type { Scenario } from './scenario.js';

/** At most this many faults per swarm run; 0 is drawn too (a fault-free run is a case like any other). */
const faultsMax = 3;
/** Faults start no earlier than this share of the faulted window, so the system is up and loaded first. */
const faultStartShare = 0.05;
/** A drawn fault lasts at least this long and at most this long (before the window cuts it). */
const faultMsMin = 1_000;
const faultMsMax = 30_000;
/** Times are drawn on a 100 ms grid, so the fault texts stay short and read well. */
const gridMs = 100;

/**
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012; FoundationDB's and
 * TigerBeetle's VOPR randomized settings): for one seed, draws every parameter that
 * declares a swarm range, then a fault schedule in the fault language over the topology
 * those parameters build. Streams derived from the seed (`swarm.params`, `swarm.faults`)
 * and apart from the run's own, so the run's randomness is untouched and `sim run --swarm
 * --seed N` draws exactly what run N of a sweep drew. Parameters in `set` keep their value
 * (they are still drawn, then overridden, so fixing one does not shift the others' draws).
 */
export function drawSwarm(
  scenario: Scenario, profile: Profile, seed: number, set: Readonly<Record<string, unknown>>, quietPhase: QuietPhase | undefined,
): SwarmDrawn {
  const params = drawParams(scenario, new RandomStream('swarm.params', deriveSeed(seed, 'swarm.params')), set);
  const merged = { ...params, ...set };
  const durationMs = scenario.durationMs(resolveParams(scenario, profile, merged) as never);
  const listing = describeTopology(scenario, profile, merged);
  const faultStream = new RandomStream('swarm.faults', deriveSeed(seed, 'swarm.faults'));
  const faultsEndByMs = durationMs - (quietPhase?.convergeWithinMs ?? Math.round(durationMs / 5));
  const faults = drawFaults(faultStream, listing, scenario.swarmFaultHosts, faultsEndByMs);
  return { params, faults };
}

/**
 * What a swarm run runs with: the drawn parameters under the user's `--set`, and the
 * user's faults followed by the drawn ones; `drawn` is what summary.json logs.
 */
export function swarmRunInputs(
  scenario: Scenario, profile: Profile, seed: number,
  given: { readonly set: Readonly<Record<string, unknown>>; readonly faults: readonly string[]; readonly quietPhase: QuietPhase | undefined },
): { set: Record<string, unknown>; faults: string[]; drawn: SwarmDrawn } {
  const drawn = drawSwarm(scenario, profile, seed, given.set, given.quietPhase ?? scenario.quietPhase);
  return { set: { ...drawn.params, ...given.set }, faults: [...given.faults, ...drawn.faults], drawn };
}

/** Every parameter with a swarm range, drawn in declaration order, as summary.json writes it. */
function drawParams(scenario: Scenario, stream: RandomStream, set: Readonly<Record<string, unknown>>): Record<string, string | number | boolean> {
  const drawn: Record<string, string | number | boolean> = {};
  for (const [name, spec] of Object.entries(scenario.params)) {
    if (!spec.swarm) continue;
    const value = spec.format(spec.parse(drawValue(stream, spec.swarm)));
    if (!Object.hasOwn(set, name)) drawn[name] = value;
  }
  return drawn;
}

/** One value of a range: a choice, or a point of the grid from min to max. */
export function drawValue(stream: RandomStream, range: SwarmRange): string | number {
  if ('choices' in range) return range.choices[stream.int(0, range.choices.length - 1)]!;
  const step = range.step ?? 1;
  const steps = Math.floor((range.max - range.min) / step + 1e-9);
  // Rounded to the step's decimals, so 0.1 + 0.2 does not write 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number((range.min + stream.int(0, steps) * step).toFixed(decimals));
}

/**
 * Up to {@link faultsMax} faults, each healing by `endByMs` so a quiet phase follows:
 * a host crash for a while, a cut between two hosts, a slow or lossy path, or a killed
 * process where the topology names some. Each text goes through the fault language's parser.
 */
function drawFaults(stream: RandomStream, listing: TopologyListing, hostPattern: RegExp | undefined, endByMs: number): string[] {
  const hosts = listing.hosts.map((host) => host.name);
  const targets = hosts.filter((name) => !hostPattern || hostPattern.test(name));
  const windowStartMs = roundToGrid(endByMs * faultStartShare);
  if (targets.length === 0 || endByMs - windowStartMs < faultMsMin) return [];
  const count = stream.int(0, faultsMax);
  const faults: string[] = [];
  for (let i = 0; i < count; i++) {
    const atMs = roundToGrid(windowStartMs + stream.float() * (endByMs - faultMsMin - windowStartMs));
    const forMsMax = Math.min(faultMsMax, Math.floor((endByMs - atMs) / gridMs) * gridMs);
    const forMs = Math.min(forMsMax, roundToGrid(faultMsMin + stream.float() * (forMsMax - faultMsMin)));
    // A killed process runs on one of the targets too: the hosts a scenario narrows faults to.
    const processes = listing.processes.filter((p) => targets.includes(p.host)).map((p) => p.name);
    const text = drawFaultText(stream, targets, hosts, processes, `at ${seconds(atMs)} for ${seconds(forMs)}`);
    faults.push(parseFault(text).text);
  }
  return faults;
}

function drawFaultText(stream: RandomStream, targets: readonly string[], hosts: readonly string[], processes: readonly string[], window: string): string {
  const target = pick(stream, targets);
  // A path from the target to a host of another kind (a worker to the hub, not to another worker) carries traffic.
  const outside = hosts.filter((name) => !targets.includes(name));
  const others = outside.length > 0 ? outside : hosts.filter((name) => name !== target);
  const kinds = ['crash', ...(others.length > 0 ? ['partition', 'delay', 'loss'] : []), ...(processes.length > 0 ? ['kill'] : [])];
  switch (pick(stream, kinds)) {
    case 'partition':
      return `partition ${target}|${pick(stream, others)} ${window}`;
    case 'delay':
      return `delay ${target}-${pick(stream, others)} +${stream.int(1, 50) * 10}ms ${window}`;
    case 'loss':
      return `loss ${target}-${pick(stream, others)} ${stream.int(1, 30)}% ${window}`;
    case 'kill':
      return `kill ${pick(stream, processes)} ${window.replace(/ for .*/, '')}`;
    default:
      return `crash ${target} ${window}`;
  }
}

function pick<T>(stream: RandomStream, items: readonly T[]): T {
  return items[stream.int(0, items.length - 1)]!;
}

function roundToGrid(ms: number): number {
  return Math.round(ms / gridMs) * gridMs;
}

function seconds(ms: number): string {
  return `${Number((ms / 1_000).toFixed(1))}s`;
}
