import type { DbWorkerKind } from './dbWorker.js';

/**
 * TheSchwartz (TheSchwartz.pm): find = `SELECT … WHERE run_after <= now AND grabbed_until <= now
 * ORDER BY jobid LIMIT 50`, shuffle, grab = `UPDATE job SET grabbed_until = now + grab_for
 * WHERE jobid = ? AND grabbed_until = <old>`; no row changed means the race was lost, so try
 * the next. One job per find, and a sleep when no grab succeeded (TheSchwartz.pm work_once and
 * work). A crashed worker's job reappears when its lease runs out; a live worker whose job
 * outlasts the lease loses it to the next finder, a double hold the checker reports.
 * (TheSchwartz also reads the server time before each grab; that round trip is folded into
 * the UPDATE's cost.)
 */
export const schwartzWorker: DbWorkerKind = {
  name: 'schwartz',
  find: (table, connection, limit, reply) => table.selectGrabbable(connection, limit, reply),
  grab: ({ kernel, table, connection, grabForUs }, row, reply) =>
    table.updateGrabbedIfUnchanged(connection, row.jobId, row.grabbedUntilUs, kernel.nowUs + grabForUs, reply),
  afterJob: 'find',
  afterList: 'sleep',
};
