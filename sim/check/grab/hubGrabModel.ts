import type { GrabModel } from './grabModel.js';
import { grabScheduleArbitrary } from './grabArbitrary.js';
import { formatSchedule, hasFaults, type GrabSchedule } from './grabSchedule.js';
import { HubNetworks } from './hubNetworks.js';
import { runHubSchedule } from './runHubSchedule.js';

/** The simulator seed of every hub case: the case itself carries all the variation. */
const caseSeed = 1;

/**
 * The networks of every hub case this process runs, one per topology, reset between runs
 * (hubNetworks.ts): at most a few dozen small networks, kept for the process's life.
 */
const networks = new HubNetworks();

/** The Gearman hub (sim/models/jobhub), workers on every hub, clients submitting to any. */
export const hubGrabModel: GrabModel<GrabSchedule> = {
  name: 'hub',
  modes: ['requeue', 'fail'],
  arbitrary: () => grabScheduleArbitrary(),
  run: (schedule, mode, traceLog) => runHubSchedule(schedule, { seed: caseSeed, mode, jobRetries: 0, ...(traceLog ? { traceLog } : {}) }, networks),
  faults: hasFaults,
  format: formatSchedule,
};
