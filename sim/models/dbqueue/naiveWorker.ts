import type { DbWorkerKind } from './dbWorker.js';

/**
 * TheSchwartz's loop with a non-atomic grab, the classic bug TheSchwartz's compare-and-set avoids: read the row,
 * and if its lease has run out, write `grabbed_until` without comparing the old value. Two
 * workers that both read before either writes both believe they hold the job. It does check
 * that the UPDATE found the row, as any caller of `rows()` would; only the compare is missing.
 */
export const naiveWorker: DbWorkerKind = {
  name: 'naive',
  find: (table, connection, limit, reply) => table.selectGrabbable(connection, limit, reply),
  grab: ({ kernel, table, connection, grabForUs }, row, reply) =>
    table.selectRow(connection, row.jobId, (current) => {
      if (!current || current.grabbedUntilUs > kernel.nowUs) {
        reply(false);
        return;
      }
      table.updateGrabbed(connection, row.jobId, kernel.nowUs + grabForUs, reply);
    }),
  afterJob: 'find',
  afterList: 'sleep',
};
