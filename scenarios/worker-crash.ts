import { GrabAtomicityCheck } from '../sim/check/grabAtomicity.js';
import type { jobClientMachine } from '../sim/models/jobhub/client.js';
import { jobWorkerDefaults, type jobWorkerMachine } from '../sim/models/jobhub/worker.js';
import type { SimProcess } from '../sim/net/simProcess.js';
import type { Expectation } from '../sim/scenario/expectation.js';
import { enumParam, intParam, numberParam, type ParamValues } from '../sim/scenario/param.js';
import { RequestLedger } from '../sim/scenario/requestLedger.js';
import { defineScenario, type ScenarioContext } from '../sim/scenario/scenario.js';
import type { Fault } from '../sim/scenario/fault.js';
import { faultHosts } from '../sim/scenario/fault.js';
import { arrivalSchedule, loadParam, startArrivals } from '../sim/scenario/arrivalSchedule.js';
import { sometimes } from '../sim/contract/declaredAssertion.js';
import { addJobClient, addJobHubTimed, addJobWorker, hubAddress, workerPlacement } from '../sim/topology/hubTopology.js';

/** A sweep that never kills a worker mid-job never exercised what this scenario is about (gearmand's requeue or the Perl server's WORK_FAIL). */
const workerDiesMidJob = sometimes('worker-crash', 'a worker dies mid-job');

/** Submissions start once the client's connection to the hub is up. */
const firstSubmitMs = 100;
/** After the submission window, this long without submissions so every job can end. */
const drainMs = 30_000;
/** The function every worker registers and every job calls. */
const functionName = 'resize';
/** Expected crashes from which at least one is practically certain (P(none) ≈ e^-5 < 1 %). */
const crashesPracticallyCertain = 5;
/**
 * Every job can end within the drain when it is at least this many mean work times long:
 * a job's work time is exponential, so one outlasting 20 means has a chance of e^-20.
 */
const drainWorkTimes = 20;

const params = {
  mode: enumParam({
    description: "what the hub does with a job whose worker dies mid-job: 'requeue' (gearmand 1.1.20: back to the tail, same handle) or 'fail' (2005 Perl Gearman::Server: WORK_FAIL to every waiting client)",
    values: ['requeue', 'fail'], defaultValue: 'requeue', swarm: { choices: ['requeue', 'fail'] },
  }),
  jobRetries: intParam({
    description: "gearmand's --job-retries (requeue mode only): WORK_FAIL after the N-th lost assignment of a job; 0 is unlimited",
    defaultValue: 0, min: 0, max: 1_000, swarm: { choices: [0, 3, 10] },
  }),
  crashProbability: numberParam({ description: 'chance that a worker process dies part-way through each job it works', defaultValue: 0.05, min: 0, max: 1, swarm: { min: 0.01, max: 0.2, step: 0.01 } }),
  workers: intParam({ description: 'worker processes, each on its own host, all registered for the one function', defaultValue: 8, min: 1, max: 1_000, swarm: { min: 4, max: 16 } }),
  jobsPerSec: intParam({ description: 'foreground jobs the client submits per second, evenly spaced', defaultValue: 50, min: 1, max: 10_000, swarm: { min: 10, max: 60, step: 10 } }),
  load: loadParam('spike 50/s x4 at 20s for 10s'),
  jobMs: intParam({ description: 'mean work time of a job in ms (exponential)', defaultValue: 100, min: 1, max: 60_000, swarm: { min: 20, max: 150, step: 10 } }),
  restartMs: intParam({ description: 'how long a dead worker process stays down before it comes back as a new incarnation', defaultValue: jobWorkerDefaults.restartMs, min: 1, max: 600_000, swarm: { min: 100, max: 5_000, step: 100 } }),
  durationMs: intParam({
    description: `submission window in ms (from ${firstSubmitMs} ms); the run lasts ${drainMs / 1_000} s longer, without submissions, so every job can end`,
    defaultValue: 60_000, min: 1_000, max: 3_600_000, swarm: { min: 10_000, max: 60_000, step: 5_000 },
  }),
};

/** Every parameter's value, as `build` and the helpers below receive them. */
type Values = ParamValues<typeof params>;

/** Jobs the load generator submits: one every 1/jobsPerSec s from `firstSubmitMs` until the window ends. */
function submitTimeUs(values: Values, tag: number): number {
  return firstSubmitMs * 1_000 + Math.round((tag * 1_000_000) / values.jobsPerSec);
}

/** How many submit times fall inside the window: the jobs the run submits. */
function jobsPlanned(values: Values): number {
  const windowUs = values.durationMs * 1_000;
  let count = Math.max(0, Math.floor(((values.durationMs - firstSubmitMs) * values.jobsPerSec) / 1_000));
  while (count > 0 && submitTimeUs(values, count - 1) >= windowUs) count--;
  while (submitTimeUs(values, count) < windowUs) count++;
  return count;
}

/**
 * What the rules predict for these parameters alone. Each assignment crashes with
 * probability p, part-way through (half its work time on average), and the dead worker
 * is out for `restartMs`. In requeue mode with unlimited retries a job is assigned until
 * one assignment survives: 1 / (1 - p) assignments on average; otherwise once.
 */
function predict(values: Values) {
  const p = values.crashProbability;
  const jobs = jobsPlanned(values);
  const retriesForever = values.mode === 'requeue' && values.jobRetries === 0;
  const assignmentsPerJob = retriesForever
    ? (p < 1 ? 1 / (1 - p) : Infinity)
    : values.mode === 'requeue' ? (p < 1 ? (1 - p ** values.jobRetries) / (1 - p) : values.jobRetries) : 1;
  // With p = 1 and unlimited retries every assignment crashes: crashes never stop.
  const expectedCrashes = jobs * p * assignmentsPerJob;
  const workerMsPerAssignment = (1 - p) * values.jobMs + p * (values.jobMs / 2 + values.restartMs);
  const utilization = (values.jobsPerSec * assignmentsPerJob * workerMsPerAssignment) / 1_000 / values.workers;
  // Below full use the queue stays bounded, and the drain outlasts any one job: all end.
  const drains = utilization < 1 && values.jobMs * drainWorkTimes <= drainMs;
  return { jobs, expectedCrashes, utilization, retriesForever, drains };
}

export const workerCrash = defineScenario({
  name: 'worker-crash',
  summary: 'Workers die mid-job, with the hub in requeue or fail mode: what clients see',
  profile: 'linux-modern',
  params,
  durationMs: (values) => values.durationMs + drainMs,
  // After the last fault heals, every job submitted before it must be answered within the drain's length.
  quietPhase: { convergeWithinMs: drainMs },
  // The workers and their paths: a crash of hub0 itself drops every foreground job by design (clients.lost).
  swarmFaultHosts: /^worker\d+$/,
  build(context) {
    const system = placeHubSystem(context);
    startLoad(context, system);
    const watch = watchRun(context, system);
    const finish = (): void => finishRun(context, system, watch);
    // Beyond the workers' capacity no drain is predicted, so convergence is not a fair ask.
    return predict(context.params).drains ? { finish, converged: (healedMs) => jobsOpenSince(system.ledger, healedMs) } : { finish };
  },
  expectations(values, _profile, faults) {
    return expectationsFor(values, faults);
  },
  findings(values, metrics, _series, _profile, faults) {
    return findingsFor(values, metrics, faults);
  },
  charts: [
    { id: 'replies', title: 'Terminal replies clients got, per second', yLabel: 'jobs / s', series: ['clients.completePerSec', 'clients.failPerSec'] },
    { id: 'workers', title: 'Worker processes alive', yLabel: 'workers', series: ['workers.alive'] },
    { id: 'losses', title: 'Workers lost and jobs requeued per second (hub history)', yLabel: 'per second', series: ['workers.lostPerSec', 'jobs.requeuedPerSec'] },
    { id: 'inflight', title: 'Jobs submitted and not yet answered', yLabel: 'jobs', series: ['jobs.inFlight'] },
    { id: 'latency', title: 'Job latency per second (submit to terminal reply): median, mean and 99th percentile', yLabel: 'ms', series: ['jobs.latencyMsP50', 'jobs.latencyMsMean', 'jobs.latencyMsP99'] },
  ],
  headlines: [
    { metric: 'clients.fail', label: 'clients told WORK_FAIL' },
    { metric: 'clients.complete', label: 'jobs completed' },
    { metric: 'jobs.requeued', label: 'jobs requeued' },
    { metric: 'clients.lost', label: 'clients never answered' },
  ],
});

/** The quiet phase's predicate: every job submitted before the heal has had its terminal reply (or was lost). */
function jobsOpenSince(ledger: RequestLedger, healedMs: number): string | null {
  const open = ledger.openBegunBefore(healedMs * 1_000);
  return open === 0 ? null : `${open} job(s) submitted before the last fault healed still unanswered`;
}

/** What the run counts as it goes: the grab check of the hub's history, and the client's ledger. */
interface HubSystem {
  readonly grabCheck: GrabAtomicityCheck;
  readonly counts: { requeued: number; hubFailed: number; workersLost: number; created: number };
  readonly ledger: RequestLedger;
  readonly client: SimProcess<typeof jobClientMachine>;
  workersAlive(): number;
}

/** Topology: one hub (hub0) in the chosen mode, `workers` workers, one client, each on its own host. */
function placeHubSystem({ kernel, network, processes, params: values, profile, metrics, faults }: ScenarioContext<Values>): HubSystem {
  // The history is checked as the hub records it, not kept: its events die young (a seed records tens of thousands).
  const grabCheck = new GrabAtomicityCheck({
    mode: values.mode,
    // Without crashes or faults nothing may fail, requeue or be lost: the stricter no-fault rules apply.
    faults: values.crashProbability > 0 || faults.length > 0,
    // A job still open at the end is lost, unless the load predicts that jobs may not all
    // end (workers used beyond capacity, a job outlasting the drain, or p = 1 with
    // unlimited retries, where every assignment dies).
    drained: predict(values).drains && !hubOrClientFaulted(faults),
  });
  const counts = { requeued: 0, hubFailed: 0, workersLost: 0, created: 0 };
  addJobHubTimed(network, { name: 'hub0', ip: '10.0.1.1', tcp: profile.tcp }, { workerLossMode: values.mode, jobRetries: values.jobRetries }, (event, atUs) => {
    if (event.kind === 'requeued') counts.requeued++;
    else if (event.kind === 'failed') counts.hubFailed++;
    else if (event.kind === 'workerLost') counts.workersLost++;
    grabCheck.see(event, atUs);
  }, processes);
  const hubs = [hubAddress('hub0')];
  // Hub and workers run under the supervisor, so `kill worker3 at 20s` or `crash hub0 at 30s for 5s` act on them.
  const workerNames = Array.from({ length: values.workers }, (_, index) => {
    const place = workerPlacement(index, profile.tcp);
    addJobWorker(network, place, {
      hubs, functions: [functionName], workMsMean: values.jobMs, crashProbability: values.crashProbability, restartMs: values.restartMs,
    }, `worker:${place.name}`, processes);
    return place.name;
  });
  // Every terminal reply's latency counts, failures too: a WORK_FAIL is what the client waited for.
  const ledger = new RequestLedger(metrics, 'jobs', kernel);
  const client = addJobClient(network, { name: 'client0', ip: '10.0.9.1', tcp: profile.tcp }, { hubs, reconnectMs: 1_000 }, (report) => {
    if (report.type === 'job.created') counts.created++;
    else if (report.type === 'job.lost') ledger.fail(report.tag, 'lost');
    else if (report.reply === 'complete') ledger.succeed(report.tag, kernel.nowUs);
    else ledger.fail(report.tag, report.reply, kernel.nowUs);
  });
  const workersAlive = (): number => workerNames.filter((name) => {
    const worker = processes.current(name) as SimProcess<typeof jobWorkerMachine> | undefined;
    return worker !== undefined && worker.running && worker.host.up && worker.sim.actor.getSnapshot().context.isAlive;
  }).length;
  return { grabCheck, counts, ledger, client, workersAlive };
}

/**
 * Load: a plain-code generator submitting job k at firstSubmitMs + k / jobsPerSec s inside
 * the window, or with `load` the shape's seeded arrivals from firstSubmitMs.
 */
function startLoad({ kernel, params: values }: ScenarioContext<Values>, { ledger, client }: HubSystem): void {
  startArrivals(kernel, arrivalSchedule(kernel, values.load, values.jobsPerSec, values.durationMs, firstSubmitMs), 'submit', (tag) => {
    ledger.begin(tag, kernel.nowUs);
    client.sim.send({ type: 'submit', tag, hub: 0, func: functionName, unique: '', data: `image${tag}`, priority: 'normal', background: false });
  });
}

/** The extremes the samples saw, and the grab verdict the end sets. */
interface RunWatch {
  inFlightMax: number;
  workersAliveMin: number;
  grabVerdict: string | null;
}

/** Series and invariants sampled during the run. */
function watchRun({ params: values, series, invariant }: ScenarioContext<Values>, system: HubSystem): RunWatch {
  const { ledger, counts } = system;
  const watch: RunWatch = { inFlightMax: 0, workersAliveMin: values.workers, grabVerdict: null };
  series.perSecond('clients.completePerSec', () => ledger.ok);
  series.perSecond('clients.failPerSec', () => ledger.failedFor('fail'));
  series.perSecond('workers.lostPerSec', () => counts.workersLost);
  series.perSecond('jobs.requeuedPerSec', () => counts.requeued);
  series.latency('jobs.latencyMs', ledger.latencyWindow);
  series.gauge('workers.alive', () => {
    const alive = system.workersAlive();
    watch.workersAliveMin = Math.min(watch.workersAliveMin, alive);
    return alive;
  });
  series.gauge('jobs.inFlight', () => {
    watch.inFlightMax = Math.max(watch.inFlightMax, ledger.inFlight);
    return ledger.inFlight;
  });
  invariant('no job is answered twice', () => (ledger.endedTwice === 0 ? null : `${ledger.endedTwice} second terminal replies`));
  // Judged once, on the whole history after the drain (finishRun sets it).
  invariant('grab atomicity holds', () => watch.grabVerdict);
  return watch;
}

/** Expectations' inputs: the grab check on the whole history, and the run's counts as metrics. */
function finishRun({ params: values, metrics }: ScenarioContext<Values>, { grabCheck, counts, ledger }: HubSystem, watch: RunWatch): void {
  const violations = grabCheck.finish();
  if (violations.length > 0) watch.grabVerdict = `${violations.length} violation(s); first: ${violations[0]!.rule}: ${violations[0]!.text}`;
  metrics.set('grab.violations', violations.length);
  metrics.set('clients.complete', ledger.ok);
  metrics.set('clients.fail', ledger.failedFor('fail'));
  metrics.set('clients.exception', ledger.failedFor('exception'));
  metrics.set('clients.lost', ledger.failedFor('lost'));
  metrics.set('clients.answered', ledger.ok + ledger.failedFor('fail') + ledger.failedFor('exception'));
  metrics.set('clients.answeredTwice', ledger.endedTwice);
  metrics.set('jobs.submitted', ledger.attempted);
  metrics.set('jobs.created', counts.created);
  metrics.set('jobs.requeued', counts.requeued);
  metrics.set('jobs.failed', counts.hubFailed);
  metrics.set('jobs.inFlightAtEnd', ledger.inFlight);
  metrics.set('jobs.inFlightMax', Math.max(watch.inFlightMax, ledger.inFlight));
  metrics.set('workers.lost', counts.workersLost);
  workerDiesMidJob.observe(counts.workersLost > 0);
  metrics.set('workers.aliveMin', watch.workersAliveMin);
  const { utilization } = predict(values);
  metrics.set('workers.utilizationPredicted', Number.isFinite(utilization) ? Number(utilization.toFixed(3)) : null);
  // Present as null when no job got a reply at all.
  for (const suffix of ['p50', 'p99']) metrics.declare(`jobs.latencyMs.${suffix}`);
}

/**
 * Whether a fault strikes the hub or the client (or their paths): jobs may then be lost
 * or never answered, as the user asked. Faults on workers alone are more crashes.
 */
function hubOrClientFaulted(faults: readonly Fault[]): boolean {
  return faults.some((fault) => fault.kind !== 'kill' && faultHosts(fault).some((host) => host === 'hub0' || host === 'client0'))
    || faults.some((fault) => fault.kind === 'kill' && fault.process === 'hub0');
}

function expectationsFor(values: Values, faults: readonly Fault[]): Expectation[] {
  const prediction = predict(values);
  const grab: Expectation = { name: 'grab atomicity holds on the hub history (no double hold, no job lost, replies match how jobs ended)', metric: 'grab.violations', op: '==', threshold: 0 };
  if (hubOrClientFaulted(faults)) return [grab];
  const expectations: Expectation[] = [
    grab,
    { name: 'no client loses a job: the client never disconnects', metric: 'clients.lost', op: '==', threshold: 0 },
  ];
  const noFailures = { name: 'no client sees WORK_FAIL', metric: 'clients.fail', op: '==', threshold: 0 } as const;
  // The predictions below count on the constant rate and the crash probability alone.
  if (values.load !== '' || faults.length > 0) {
    if (values.mode === 'requeue' && values.jobRetries === 0) expectations.push({ ...noFailures, name: 'requeue mode with unlimited retries: no client sees WORK_FAIL (the hub retries a job until it completes)' });
    return expectations;
  }
  if (values.crashProbability === 0) {
    expectations.push(
      { name: 'no crashes: the hub loses no worker', metric: 'workers.lost', op: '==', threshold: 0 },
      { ...noFailures, name: 'no crashes: no client sees WORK_FAIL' },
    );
  } else if (prediction.retriesForever) {
    expectations.push({ ...noFailures, name: 'requeue mode with unlimited retries: no client sees WORK_FAIL (the hub retries a job until it completes)' });
  }
  const failModeCrashes = values.mode === 'fail' && values.crashProbability > 0 && prediction.expectedCrashes >= crashesPracticallyCertain;
  if (failModeCrashes) {
    expectations.push({ name: 'fail mode: clients see WORK_FAIL for the jobs of crashed workers', metric: 'clients.fail', op: '>', threshold: 0 });
  }
  // Decided from the load: below full use of the workers, and with a drain that outlasts
  // any one job, every job ends before the run does, whichever way it ends.
  if (prediction.drains) {
    expectations.push({
      name: `${failModeCrashes ? 'fail mode: ' : ''}every job is answered (WORK_COMPLETE, WORK_FAIL or WORK_EXCEPTION) by the end of the drain`,
      metric: 'clients.answered', op: '==', threshold: prediction.jobs,
    });
  }
  return expectations;
}

function findingsFor(values: Values, metrics: Readonly<Record<string, number | null>>, faults: readonly Fault[]): string[] {
  const value = (name: string): number => metrics[name] ?? 0;
  const ms = (name: string): string => (metrics[name] == null ? 'n/a' : `${(metrics[name] as number).toFixed(1)} ms`);
  const prediction = predict(values);
  const submitted = value('jobs.submitted');
  const pct = (count: number): string => (submitted > 0 ? `${((100 * count) / submitted).toFixed(1)} %` : '0 %');
  const modeText = values.mode === 'requeue'
    ? `In requeue mode (gearmand 1.1.20) the job of a worker that dies mid-job goes back to the tail of its priority list with the same handle, and the client waits on; ${values.jobRetries === 0 ? 'retries are unlimited, so every job completes eventually' : `with --job-retries=${values.jobRetries} the clients get WORK_FAIL once ${values.jobRetries} assignment(s) of a job are lost`} (the Gearman PROTOCOL file).`
    : 'In fail mode (the 2005 Perl Gearman::Server) the job of a worker that dies mid-job is dropped and every client waiting on it gets WORK_FAIL at once (the Gearman PROTOCOL file).';
  const lines = [
    `${values.workers} workers served one hub; the client submitted ${values.load === '' ? `${values.jobsPerSec} foreground jobs per second` : `foreground jobs at the load shape "${values.load}"`} for ${values.durationMs / 1_000} s (${submitted} jobs), each ${values.jobMs} ms of work on average, then waited ${drainMs / 1_000} s. Each job killed its worker with probability ${values.crashProbability}; a dead worker came back as a new incarnation after ${values.restartMs} ms. ` +
      `Predicted worker utilization, counting re-run work and restarts: ${Number.isFinite(prediction.utilization) ? `${(prediction.utilization * 100).toFixed(0)} %` : 'unbounded (no job ever completes)'}.`,
    modeText,
    `The hub lost ${value('workers.lost')} worker incarnations mid-job (${Number.isFinite(prediction.expectedCrashes) ? `about ${prediction.expectedCrashes.toFixed(0)}` : 'no bound'} expected); it requeued ${value('jobs.requeued')} jobs and failed ${value('jobs.failed')}. ` +
      `Each crash kept a worker down for ${values.restartMs} ms, ${((100 * value('workers.lost') * values.restartMs) / (values.workers * (values.durationMs + drainMs))).toFixed(1)} % of all worker time in the run; at worst ${value('workers.aliveMin')} of ${values.workers} workers were alive at a sample.`,
    `Clients saw ${value('clients.complete')} WORK_COMPLETE (${pct(value('clients.complete'))}), ${value('clients.fail')} WORK_FAIL (${pct(value('clients.fail'))}), ${value('clients.exception')} WORK_EXCEPTION, and lost ${value('clients.lost')}; ` +
      `${value('jobs.inFlightAtEnd')} jobs were still unanswered at the end. Grab atomicity: ${value('grab.violations')} violations.`,
    `Submit to terminal reply took p50 ${ms('jobs.latencyMs.p50')} and p99 ${ms('jobs.latencyMs.p99')} against ${values.jobMs} ms of mean work` +
      (value('workers.lost') === 0
        ? ': no worker died, so this is the work time and queueing alone.'
        : values.mode === 'requeue'
          ? ': a requeued job runs again from the start behind the jobs queued meanwhile, and every crash also takes a worker away for the restart, so the tail grows with the crash rate.'
          : ': a failed job is answered early (at the crash), so its cost falls on the client, which must resubmit or give up; the restarts still take workers away from every other job.'),
  ];
  if (faults.length > 0) lines.push(`Faults: ${faults.map((fault) => fault.text).join('; ')}.`);
  return lines;
}
