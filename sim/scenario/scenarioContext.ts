import type { Kernel } from '../kernel/kernel.js';
import { msToUs } from '../kernel/time.js';
import { Network } from '../net/network.js';
import { Supervisor } from '../net/supervisor.js';
import { Metrics } from '../report/metrics.js';
import { SeriesRecorder } from '../report/seriesRecorder.js';
import type { ParamValue } from './param.js';
import type { Profile } from './profile.js';
import type { ScenarioContext } from './scenario.js';

/** A scenario's context on a fresh network of `kernel`, with where its invariants go. */
export function createScenarioContext(
  kernel: Kernel,
  params: Record<string, ParamValue>,
  profile: Profile,
  sampleIntervalMs: number,
  onInvariant: (name: string, check: () => string | null) => void,
): ScenarioContext<Record<string, ParamValue>> {
  const faultActor = kernel.name('faults');
  return {
    kernel,
    network: new Network(kernel),
    params,
    profile,
    metrics: new Metrics(),
    series: new SeriesRecorder(sampleIntervalMs),
    processes: new Supervisor(),
    invariant: onInvariant,
    fault: (atMs, name, run) => void kernel.at(msToUs(atMs), faultActor, kernel.name(name), 0, run),
  };
}
