/**
 * What `npm start` runs: the default incident scenarios, side by side in one report. Each
 * entry is one run; `label` names its folder under reports/start/.
 */
export interface StartRun {
  readonly label: string;
  readonly scenario: string;
  readonly seed: number;
  readonly set: Readonly<Record<string, string>>;
  /** Faults in the fault language (`crash sto1 at 20s`), on top of what the scenario schedules. */
  readonly faults?: readonly string[];
}

export const startRuns: readonly StartRun[] = [
  // The incident of docs/seed-post.md: Perlbal before 1.01 reproxies each file on a new connection and the
  // proxy runs out of ports; 1.01 keeps reproxy connections alive (DOMAIN.md §3).
  { label: 'port-exhaustion-close', scenario: 'port-exhaustion', seed: 1, set: { reproxy: 'close' } },
  { label: 'port-exhaustion-keepalive', scenario: 'port-exhaustion', seed: 1, set: { reproxy: 'keepalive' } },
  // The incident of docs/seed-post.md in its simplest form: one new connection per request, the
  // client closing first, 600 requests per second to one destination.
  { label: 'ephemeral-ports-client-closes', scenario: 'ephemeral-ports', seed: 1, set: { closer: 'client' } },
  // The same load with the server closing first: TIME_WAIT moves to the server.
  { label: 'ephemeral-ports-server-closes', scenario: 'ephemeral-ports', seed: 1, set: { closer: 'server' } },
  // A worker dying mid-job (the job hub of docs/seed-post.md), in gearmand's mode and in the 2005 Perl server's.
  { label: 'worker-crash-requeue', scenario: 'worker-crash', seed: 1, set: { mode: 'requeue' } },
  { label: 'worker-crash-fail', scenario: 'worker-crash', seed: 1, set: { mode: 'fail' } },
  // A storage host dies under reads (DOMAIN.md §4): the 2005 monitor against the modern one.
  { label: 'storage-host-failure-2005', scenario: 'storage-host-failure', seed: 1, set: { monitor: '2005' } },
  { label: 'storage-host-failure-modern', scenario: 'storage-host-failure', seed: 1, set: { monitor: 'modern' } },
  // MySQL Cluster (DOMAIN.md §5): one data node dies and the cluster carries on; a whole
  // node group dies and it shuts down.
  { label: 'ndb-node-failure-kill-1', scenario: 'ndb-node-failure', seed: 1, set: { kill: '1' } },
  { label: 'ndb-node-failure-kill-1-2', scenario: 'ndb-node-failure', seed: 1, set: { kill: '1,2' } },
  // The whole stack at the evening peak (issue 13's incident): a data node dies, then a storage host;
  // pages carry on through node 2 while userpics queued for sto1 wait out Perlbal's idle timeout.
  {
    label: 'livejournal-ndbd1-then-sto1', scenario: 'livejournal', seed: 1,
    set: { load: 'diurnal 100/s to 300/s over 80s', durationMs: '60000' }, faults: ['crash ndbd1 at 10s', 'crash sto1 at 20s'],
  },
  // What the hub's atomic grab bought over database polling.
  { label: 'polling-vs-hub-defaults', scenario: 'polling-vs-hub', seed: 1, set: {} },
];
