import { checkGrabAtomicity, GrabAtomicityCheck } from '../sim/check/grabAtomicity.js';
import type { jobClientMachine } from '../sim/models/jobhub/client.js';
import { dbQueueDefaults, resolveDbQueueSettings } from '../sim/models/dbqueue/index.js';
import type { SimProcess } from '../sim/net/simProcess.js';
import { buildDbQueue, type DbQueue } from '../sim/topology/dbQueueTopology.js';
import { addJobClient, addJobHubTimed, addJobWorker, hubAddress, workerPlacement } from '../sim/topology/hubTopology.js';
import type { Expectation } from '../sim/scenario/expectation.js';
import { intParam, type ParamValues } from '../sim/scenario/param.js';
import { RequestLedger } from '../sim/scenario/requestLedger.js';
import { defineScenario, type ScenarioContext } from '../sim/scenario/scenario.js';
import type { Fault } from '../sim/scenario/fault.js';
import { loadParam, loadShapeOf } from '../sim/scenario/arrivalSchedule.js';
import { type ArrivalRandom, nextArrivalMs } from '../sim/scenario/arrivals.js';

const params = {
  jobsPerSec: intParam({ description: 'jobs submitted per second, the same stream to both systems', defaultValue: 300, min: 1, max: 10_000, swarm: { min: 50, max: 300, step: 50 } }),
  load: loadParam('ramp 100/s to 600/s over 60s'),
  workers: intParam({ description: 'worker processes in each system', defaultValue: 30, min: 1, max: 500, swarm: { min: 5, max: 30, step: 5 } }),
  jobMs: intParam({ description: 'mean work time of a job in ms (exponential)', defaultValue: 50, min: 1, max: 60_000, swarm: { min: 10, max: 100, step: 10 } }),
  queryCostUs: intParam({ description: 'database time of a SELECT that lists or reads rows, µs', defaultValue: dbQueueDefaults.queryCostUs, min: 0, max: 1_000_000 }),
  lockCostUs: intParam({ description: 'database time of a single-row lock, UPDATE or DELETE, µs', defaultValue: dbQueueDefaults.lockCostUs, min: 0, max: 1_000_000 }),
  durationMs: intParam({ description: 'simulated time jobs are submitted for', defaultValue: 60_000, min: 1_000, max: 3_600_000, swarm: { min: 10_000, max: 60_000, step: 10_000 } }),
};

/** Every parameter's value, as `build` and the helpers below receive them. */
type Values = ParamValues<typeof params>;

/** Submissions start once the hub's client is connected, for both systems alike. */
const firstSubmitMs = 100;

/**
 * Submission times, the same for both systems: evenly spaced at `jobsPerSec` over the run,
 * or with `load` the shape's arrivals drawn from `random` (an open model either way).
 */
function arrivalTimesMs(values: Values, random: ArrivalRandom): number[] {
  const shape = loadShapeOf(values.load);
  if (!shape) {
    const count = Math.floor(((values.durationMs - firstSubmitMs) * values.jobsPerSec) / 1_000);
    return Array.from({ length: count }, (_, index) => firstSubmitMs + (index * 1_000) / values.jobsPerSec);
  }
  const windowMs = values.durationMs - firstSubmitMs;
  const times: number[] = [];
  for (let atMs = nextArrivalMs(shape, 0, windowMs, random); atMs !== null; atMs = nextArrivalMs(shape, atMs, windowMs, random)) times.push(firstSubmitMs + atMs);
  return times;
}

/** A stand-in stream for the constant rate, which draws nothing. */
const noRandom: ArrivalRandom = { float: () => 0 };

export const pollingVsHub = defineScenario({
  name: 'polling-vs-hub',
  summary: 'The same job stream through database-polling workers and through a Gearman hub: what the "grab" bought',
  profile: 'linux-modern',
  params,
  durationMs: (values) => values.durationMs,
  // Workers, so a cut or slow path runs to the hub or the database they poll.
  swarmFaultHosts: /^worker\d+$/,
  build(context) {
    const arrivals = arrivalTimesMs(context.params, context.params.load === '' ? noRandom : context.kernel.stream('loadgen'));
    const polling = placePolling(context, arrivals);
    const hub = placeHub(context);
    startHubLoad(context, hub, arrivals);
    const verdict = watchBoth(context, polling, hub);
    return { finish: () => finishBoth(context, polling, hub, verdict) };
  },
  expectations(values, _profile, faults) {
    return expectationsFor(values, faults);
  },
  findings(values, metrics, _series, _profile, faults) {
    return findingsFor(values, metrics, faults);
  },
  charts: [
    { id: 'throughput', title: 'Jobs completed per second', yLabel: 'jobs / s', series: ['polling.completedPerSec', 'hub.completedPerSec'] },
    { id: 'backlog', title: 'Jobs submitted and not yet done', yLabel: 'jobs', series: ['polling.waiting', 'hub.waiting'] },
  ],
  headlines: [
    { metric: 'hub.jobsPerSec', label: 'hub jobs', unit: '/s' },
    { metric: 'polling.jobsPerSec', label: 'polling jobs', unit: '/s' },
    { metric: 'polling.lockConflictsPerJob', label: 'lock conflicts per polled job' },
  ],
});

/** The "before" system: polling workers on a job table in one database (the old polling model). */
function placePolling({ kernel, params: values }: ScenarioContext<Values>, arrivals: readonly number[]): DbQueue {
  return buildDbQueue(kernel, resolveDbQueueSettings({
    seed: kernel.seed, workerKind: 'polling', durationMs: values.durationMs, workers: values.workers,
    jobMs: values.jobMs, queryCostUs: values.queryCostUs, lockCostUs: values.lockCostUs,
    submitAtMs: arrivals, jobsMax: arrivals.length, rowsMax: Math.max(arrivals.length, 1),
  }));
}

/** The "after" system: one hub, the same number of workers, one client submitting. */
interface HubSide {
  /** The grab check of the hub's history, fed as the hub records it: no history is kept. */
  readonly grabCheck: GrabAtomicityCheck;
  /** Jobs the hub saw completed (its history's `completed` events). */
  readonly counts: { completed: number };
  readonly ledger: RequestLedger;
  readonly client: SimProcess<typeof jobClientMachine>;
}

function placeHub({ kernel, network, processes, params: values, metrics, faults }: ScenarioContext<Values>): HubSide {
  // Faults (on the hub side's hosts) may fail, requeue or lose jobs there; the strict rules hold without.
  const grabCheck = new GrabAtomicityCheck({ mode: 'requeue', faults: faults.length > 0 });
  const counts = { completed: 0 };
  // Hub and workers run under the supervisor, so `kill worker3 at 20s` or `crash hub at 30s for 5s` act on them.
  addJobHubTimed(network, { name: 'hub', ip: '10.0.1.1' }, {}, (event, atUs) => {
    if (event.kind === 'completed') counts.completed++;
    grabCheck.see(event, atUs);
  }, processes);
  const hubs = [hubAddress('hub')];
  for (let index = 0; index < values.workers; index++) {
    const place = workerPlacement(index);
    addJobWorker(network, place, { hubs, functions: ['job'], workMsMean: values.jobMs }, `hub.${place.name}`, processes);
  }
  const ledger = new RequestLedger(metrics, 'hub.jobs', kernel);
  const client = addJobClient(network, { name: 'client', ip: '10.0.9.1' }, { hubs, reconnectMs: 1_000 }, (report) => {
    if (report.type === 'job.done') {
      if (report.reply === 'complete') ledger.succeed(report.tag, kernel.nowUs);
      else ledger.fail(report.tag, report.reply);
    } else if (report.type === 'job.lost') ledger.fail(report.tag, report.reason);
  });
  return { grabCheck, counts, ledger, client };
}

/**
 * Load: the same arrival times as the polling side, each a foreground submit to the hub. All
 * are scheduled at the start, not one by one as `startArrivals` does: an arrival then comes
 * before any event scheduled later for the same microsecond, and scheduling them one by one
 * changes that order (seed 1 at defaults keeps its event count, not its trace hash).
 */
function startHubLoad({ kernel }: ScenarioContext<Values>, { ledger, client }: HubSide, arrivals: readonly number[]): void {
  const loadgen = kernel.name('loadgen');
  const submitType = kernel.name('submit');
  arrivals.forEach((atMs, tag) => kernel.at(Math.round(atMs * 1_000), loadgen, submitType, tag, () => {
    ledger.begin(tag, kernel.nowUs);
    client.sim.send({ type: 'submit', tag, hub: 0, func: 'job', unique: '', data: `job${tag}`, priority: 'normal', background: false });
  }));
}

/** Series of both systems, and the grab invariant the end judges. */
function watchBoth({ series, invariant }: ScenarioContext<Values>, polling: DbQueue, hub: HubSide): { violations: number } {
  let pollingCompleted = 0;
  let pollingSeen = 0;
  const pollingDone = (): number => {
    const events = polling.history.events;
    for (; pollingSeen < events.length; pollingSeen++) if (events[pollingSeen]?.kind === 'completed') pollingCompleted++;
    return pollingCompleted;
  };
  series.perSecond('polling.completedPerSec', pollingDone);
  series.perSecond('hub.completedPerSec', () => hub.ledger.ok);
  series.gauge('polling.waiting', () => polling.table.counters.inserts - pollingDone());
  series.gauge('hub.waiting', () => hub.ledger.inFlight);
  const verdict = { violations: 0 };
  invariant('grab atomicity holds in both systems', () => (verdict.violations === 0 ? null : `${verdict.violations} violations`));
  return verdict;
}

/** The grab check of both histories, and each system's throughput, latency and database work. */
function finishBoth({ params: values, metrics }: ScenarioContext<Values>, polling: DbQueue, hub: HubSide, verdict: { violations: number }): void {
  // The polling side's history stays whole: its metrics are measured from it.
  verdict.violations = checkGrabAtomicity(polling.history.events, { mode: 'requeue', faults: false }).length + hub.grabCheck.finish().length;
  const before = polling.measure(values.durationMs);
  metrics.set('polling.jobsCompleted', before.jobsCompleted);
  metrics.set('polling.jobsPerSec', before.jobsPerSec);
  metrics.set('polling.latencyMs.p50', before.latencyUs.p50 === null ? null : before.latencyUs.p50 / 1_000);
  metrics.set('polling.latencyMs.p99', before.latencyUs.p99 === null ? null : before.latencyUs.p99 / 1_000);
  metrics.set('polling.queriesPerJob', before.queriesPerJob);
  metrics.set('polling.lockConflictsPerJob', before.lockConflictsPerJob);
  hub.ledger.flush();
  const hubCompleted = hub.counts.completed;
  const hubPerSec = hubCompleted / (values.durationMs / 1_000);
  metrics.set('hub.jobsCompleted', hubCompleted);
  metrics.set('hub.jobsPerSec', hubPerSec);
  // The hub hands out jobs without touching the database: no query, no lock per job.
  metrics.set('hub.queriesPerJob', 0);
  metrics.set('hub.lockConflictsPerJob', 0);
  metrics.set('speedup', before.jobsPerSec > 0 ? hubPerSec / before.jobsPerSec : null);
  metrics.set('grab.violations', verdict.violations);
}

function expectationsFor(values: Values, faults: readonly Fault[]): Expectation[] {
  const expectations: Expectation[] = [
    { name: 'grab atomicity holds in both systems', metric: 'grab.violations', op: '==', threshold: 0 },
    { name: 'the hub grabs without a database query', metric: 'hub.queriesPerJob', op: '==', threshold: 0 },
  ];
  // A fault on the hub side is an outage the user asked for: the race is then not a fair one.
  if (faults.length > 0) return expectations;
  // The hub adds no shared bottleneck in front of the workers, so it can never be slower.
  expectations.push({ name: 'the hub completes jobs at least as fast as polling', metric: 'speedup', op: '>=', threshold: 1 });
  // The offered rate below is the constant one; a shaped load is judged by its thresholds.
  if (values.load !== '') return expectations;
  const offered = (arrivalTimesMs(values, noRandom).length * 1_000) / values.durationMs;
  const workerCapacityPerSec = (values.workers * 1_000) / values.jobMs;
  // With a quarter of spare worker capacity the hub keeps up with the stream; jobs still
  // running at the end (a few hundred ms of them) keep the rate a little under it.
  if (workerCapacityPerSec >= offered * 1.25) {
    expectations.push({ name: 'the hub keeps up with the offered load', metric: 'hub.jobsPerSec', op: '~', threshold: offered, tolerancePct: 5 });
  }
  return expectations;
}

function findingsFor(values: Values, metrics: Readonly<Record<string, number | null>>, faults: readonly Fault[]): string[] {
  const number = (name: string, digits = 1): string => (metrics[name] ?? 0).toFixed(digits);
  return [
    ...(faults.length > 0 ? [`Faults on the hub side: ${faults.map((fault) => fault.text).join('; ')}.`] : []),
    `Both systems got the same ${values.load === '' ? `${values.jobsPerSec} jobs per second` : `jobs at the load shape "${values.load}"`} for ${values.durationMs / 1_000} s, with ${values.workers} workers each and ${values.jobMs} ms of work per job on average.`,
    `Polling workers (query what needs doing, shuffle, lock each item: the old polling model) completed ${number('polling.jobsPerSec')} jobs/s, ` +
      `with ${number('polling.queriesPerJob')} database statements and ${number('polling.lockConflictsPerJob')} lost lock races per job; queue-to-done p50 ${number('polling.latencyMs.p50', 0)} ms, p99 ${number('polling.latencyMs.p99', 0)} ms.`,
    `Through the hub, workers completed ${number('hub.jobsPerSec')} jobs/s with no database work to get a job; submit-to-done p50 ${number('hub.jobs.latencyMs.p50', 1)} ms, p99 ${number('hub.jobs.latencyMs.p99', 1)} ms.`,
    `Speed-up ${number('speedup', 2)}x: every polling worker's find and lock goes through the one database, so they queue behind each other and lose races; the hub hands each job out once, atomically (the "grab" of docs/seed-post.md).`,
  ];
}
