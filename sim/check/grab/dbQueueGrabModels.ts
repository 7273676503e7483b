import type { DbWorkerKindName } from '../../models/dbqueue/index.js';
import { runDbQueue } from '../../topology/runDbQueue.js';
import type { GrabModel } from './grabModel.js';
import { dbQueueScheduleArbitrary, dbQueueScheduleOptions, formatDbQueueSchedule, type DbQueueSchedule } from './dbQueueSchedule.js';

/**
 * A database queue as a grab model for `sim check grab`. Both kinds give a lost worker's job
 * back when its lease runs out (TheSchwartz.pm), so `requeue` is their only mode.
 */
function dbQueueGrabModel(name: 'schwartz' | 'naive', workerKind: DbWorkerKindName, crashes: boolean): GrabModel<DbQueueSchedule> {
  return {
    name,
    modes: ['requeue'],
    arbitrary: () => dbQueueScheduleArbitrary({ crashes }),
    run: (schedule, _mode, traceLog) => {
      const result = runDbQueue({ ...dbQueueScheduleOptions(schedule, workerKind), traceLog: traceLog ?? null });
      return { history: result.history, traceHash: result.traceHash, events: result.events, simulatedMs: result.simulatedMs };
    },
    faults: (schedule) => schedule.crashes.length > 0,
    format: formatDbQueueSchedule,
  };
}

/** TheSchwartz's compare-and-set grab, with crashes: expected to pass. */
export const schwartzGrabModel = dbQueueGrabModel('schwartz', 'schwartz', true);

/** The non-atomic grab, without crashes (the bug needs none): expected to fail with a double hold. */
export const naiveGrabModel = dbQueueGrabModel('naive', 'naive', false);
