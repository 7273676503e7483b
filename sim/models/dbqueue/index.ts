export { dbQueueDefaults, type DbQueueParams, type DbQueueArrivals, type DbQueueJobTime } from './dbQueueDefaults.js';
export { resolveDbQueueSettings, type DbQueueOptions, type DbQueueSettings, type DbWorkerKindName, type WorkerCrash } from './dbQueueSettings.js';
export type { DbQueueMetrics } from './dbQueueMetrics.js';
export type { LatencySummaryUs } from './latencySummary.js';
export { JobTable, type JobRow, type JobRowView, type JobTableCosts, type JobTableCounters, type LockResult } from './jobTable.js';
