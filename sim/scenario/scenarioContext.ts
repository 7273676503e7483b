import type { Kernel } from '../kernel/kernel.js';
import { msToUs } from '../kernel/time.js';
import { Network } from '../net/network.js';
import { Supervisor } from '../net/supervisor.js';
import { Metrics } from '../report/metrics.js';
import type { Annotation, Limit } from '../report/runSummary.js';
import { SeriesRecorder } from '../report/seriesRecorder.js';
import type { Fault } from './fault.js';
import type { ParamValue } from './param.js';
import type { Profile } from './profile.js';
import type { ScenarioContext } from './scenario.js';

/** A scenario's context, with the limits it declared (its annotations go to the array given). */
export type RunContext = ScenarioContext<Record<string, ParamValue>> & { readonly limits: readonly Limit[] };

/**
 * A scenario's context on a fresh network of `kernel`, with where its invariants go: what
 * `runScenario` runs and `sim hosts` lists. Every fault is annotated with its name.
 */
export function createScenarioContext(
  kernel: Kernel,
  params: Record<string, ParamValue>,
  profile: Profile,
  sampleIntervalMs: number,
  onInvariant: (name: string, check: () => string | null) => void,
  annotations: Annotation[] = [],
  faults: readonly Fault[] = [],
): RunContext {
  const faultActor = kernel.name('faults');
  const limits: Limit[] = [];
  return {
    kernel,
    network: new Network(kernel),
    params,
    profile,
    faults,
    metrics: new Metrics(),
    series: new SeriesRecorder(sampleIntervalMs),
    processes: new Supervisor(),
    limits,
    invariant: onInvariant,
    fault: (atMs, name, run) => {
      annotations.push({ atMs, kind: faultKind(name), label: name });
      kernel.at(msToUs(atMs), faultActor, kernel.name(name), 0, run);
    },
    annotate: (annotation) => void annotations.push(annotation),
    limit: (limit) => void limits.push(limit),
  };
}

/** A fault's kind from its name: `heal …`, `admin …`, or a fault. */
function faultKind(name: string): string {
  if (name.startsWith('heal')) return 'heal';
  if (name.startsWith('admin')) return 'admin';
  return 'fault';
}
