import type { DbWorkerKind } from './dbWorker.js';

/**
 * The old polling model TheSchwartz replaced: list what needs doing, shuffle, walk the list taking
 * a row lock per item (`SELECT … FOR UPDATE NOWAIT`; another worker's lock is a conflict),
 * do each job it gets and delete its row, and query again when the list is exhausted. The
 * query cannot see locks, so it lists the jobs other workers are busy with too: most of the
 * time goes to losing lock races and re-querying. A crashed worker's connection closes and
 * its lock goes with it, so its job is up for grabs at once (requeue semantics).
 */
export const pollingWorker: DbWorkerKind = {
  name: 'polling',
  find: (table, connection, limit, reply) => table.selectRunnable(connection, limit, reply),
  grab: ({ table, connection }, row, reply) => table.lockNowait(connection, row.jobId, (result) => reply(result === 'locked')),
  afterJob: 'nextInList',
  afterList: 'find',
};
