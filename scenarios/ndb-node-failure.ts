import { arbitratorToken, parseNodeList, parsePartitionSides, type NdbFaults } from '../sim/check/ndbFaults.js';
import { predictNdbOutcome, type NdbOutcome } from '../sim/check/ndbOutcome.js';
import type { Kernel } from '../sim/kernel/kernel.js';
import { retryDefaults } from '../sim/models/ndb/apiNode.js';
import { ndbDefaults, type NdbSettings } from '../sim/models/ndb/ndbSettings.js';
import { TxnLedger } from '../sim/models/ndb/txnLedger.js';
import type { Expectation } from '../sim/scenario/expectation.js';
import { enumParam, intParam, textParam, type ParamValues } from '../sim/scenario/param.js';
import { defineScenario, type ScenarioContext } from '../sim/scenario/scenario.js';
import type { Fault } from '../sim/scenario/fault.js';
import { arrivalSchedule, loadParam, startArrivals } from '../sim/scenario/arrivalSchedule.js';
import { ndbFaultStrings, ndbFaultsFrom } from './ndbFaultSchedule.js';
import { UsageError } from '../sim/scenario/usageError.js';
import { NdbCluster, type NodeStatus, type StampedRecord } from '../sim/topology/ndbCluster.js';
import { pageBrowser, type PageBrowser } from '../sim/topology/pageBrowser.js';

/** Transactions start once every process is up. */
const firstTxnMs = 100;
/** After the load window, this long without new transactions so every retry can end. */
const drainMs = 20_000;
const dataNodesMax = 16;
/** Phase codes in the per-node metrics `ndb.nodeN.phaseAtEnd`. */
const phaseCodes: Record<NodeStatus, number> = { dead: 0, shutdown: 1, connecting: 2, copying: 3, arbitrating: 4, started: 5 };

const nodeListPattern = /^\s*((\d+|mgm)\s*(,\s*(\d+|mgm)\s*)*)?$/;
const partitionPattern = /^\s*([^|>]*[|>][^|>]*)?$/;

const params = {
  dataNodes: intParam({ description: 'data nodes (a multiple of replicas); MySQL Cluster default: 4', defaultValue: ndbDefaults.dataNodes, min: 1, max: dataNodesMax }),
  replicas: intParam({ description: 'NoOfReplicas: nodes per node group; MySQL Cluster default: 2', defaultValue: ndbDefaults.replicas, min: 1, max: 4 }),
  kill: textParam({
    description: `data node ids to crash at killAtMs, comma-separated (${arbitratorToken}: the management node, the arbitrator); empty: none. Sugar for --fault 'crash ndbd1 at 10s'`,
    defaultValue: '1', pattern: nodeListPattern, allowed: `comma-separated node ids and ${arbitratorToken}, e.g. 1,3 (or empty)`,
    swarm: { choices: ['', '1', '1,3', '1,2'] },
  }),
  killAtMs: intParam({ description: 'when the kill happens', defaultValue: 10_000, min: 0, max: 3_600_000 }),
  partition: textParam({
    description: `two sides, e.g. 1,3|2,4 (cut both ways) or 1,3>2,4 (side a → side b only), with ${arbitratorToken} on the side the arbitrator shares (default: reachable from both); empty: none`,
    defaultValue: '', pattern: partitionPattern, allowed: `two sides split by | or >, e.g. 1,3|2,4 or 1,3,${arbitratorToken}|2,4 (or empty)`,
  }),
  partitionAtMs: intParam({ description: 'when the partition starts', defaultValue: 10_000, min: 0, max: 3_600_000 }),
  healAtMs: intParam({ description: 'when the partition heals; 0: never', defaultValue: 0, min: 0, max: 3_600_000 }),
  restart: textParam({
    description: 'data node ids to restart at restartAtMs (a killed node starts again; a running one is killed first), comma-separated',
    defaultValue: '', pattern: nodeListPattern, allowed: 'comma-separated node ids, e.g. 1 (or empty)',
    swarm: { choices: ['', '', '1'] },
  }),
  restartAtMs: intParam({ description: 'when the restarts happen', defaultValue: 20_000, min: 0, max: 3_600_000 }),
  heartbeatIntervalMs: intParam({ description: 'HeartbeatIntervalDbDb; MySQL Cluster default: 1500', defaultValue: ndbDefaults.heartbeatIntervalMs, min: 10, max: 60_000, swarm: { min: 500, max: 3_000, step: 500 } }),
  missedHeartbeats: intParam({ description: 'silent heartbeat intervals before a node is declared dead; MySQL Cluster default: about 4', defaultValue: ndbDefaults.missedHeartbeatsMax, min: 1, max: 20, swarm: { min: 2, max: 6 } }),
  arbitrationTimeoutMs: intParam({ description: 'ArbitrationTimeout; MySQL Cluster default: 3000', defaultValue: ndbDefaults.arbitrationTimeoutMs, min: 10, max: 600_000, swarm: { min: 1_000, max: 6_000, step: 1_000 } }),
  apiNodes: intParam({ description: 'API nodes (mysqld / NDB API applications), transactions spread round-robin', defaultValue: 2, min: 1, max: 16, swarm: { min: 1, max: 4 } }),
  frontend: enumParam({
    description: "'none': the application calls the API nodes directly; 'http': browsers fetch pages from web app backends that are the API nodes, one transaction per page (200 once it commits, 503 once its retries are used up)",
    values: ['none', 'http'], defaultValue: 'none',
    swarm: { choices: ['none', 'http'] },
  }),
  txnPerSec: intParam({ description: 'transactions the application starts per second, evenly spaced, each inserting one row', defaultValue: 200, min: 1, max: 20_000, swarm: { min: 50, max: 400, step: 50 } }),
  load: loadParam('spike 200/s x3 at 12s for 5s'),
  retriesMax: intParam({ description: 'times the application retries a transaction after a temporary error', defaultValue: retryDefaults.retriesMax, min: 0, max: 60, swarm: { min: 0, max: 10 } }),
  retryBackoffMs: intParam({ description: 'backoff before the first retry; it doubles per retry up to 2000 ms', defaultValue: retryDefaults.retryBackoffMs, min: 0, max: 60_000 }),
  durationMs: intParam({ description: `load window in ms; the run lasts ${drainMs / 1_000} s longer without new transactions`, defaultValue: 30_000, min: 1_000, max: 3_600_000, swarm: { min: 25_000, max: 40_000, step: 5_000 } }),
};

type Values = ParamValues<typeof params>;

function settingsOf(values: Values): NdbSettings {
  return {
    dataNodes: values.dataNodes, replicas: values.replicas, heartbeatIntervalMs: values.heartbeatIntervalMs,
    missedHeartbeatsMax: values.missedHeartbeats, arbitrationTimeoutMs: values.arbitrationTimeoutMs, partitions: values.dataNodes,
    listenBacklog: ndbDefaults.listenBacklog,
  };
}

/**
 * The fault schedule the parameters describe (sugar: the run gets it as fault-language
 * strings, ndbFaultSchedule.ts); a value that names no node is a usage error.
 */
export function scheduleOf(values: Values): NdbFaults {
  if (values.dataNodes % values.replicas !== 0) {
    throw new UsageError(`scenario ndb-node-failure: dataNodes (${values.dataNodes}) must be a multiple of replicas (${values.replicas})`);
  }
  try {
    const kill = parseNodeList(values.kill, values.dataNodes, 'kill', true);
    const restart = parseNodeList(values.restart, values.dataNodes, 'restart', false);
    const sides = values.partition.trim() === '' ? null : parsePartitionSides(values.partition, values.dataNodes);
    return {
      killAtMs: values.killAtMs, kill: kill.ids, killArbitrator: kill.arbitrator,
      partition: sides && { ...sides, atMs: values.partitionAtMs, healAtMs: values.healAtMs > 0 ? values.healAtMs : null },
      restartAtMs: values.restartAtMs, restart: restart.ids,
    };
  } catch (error) {
    throw new UsageError(`scenario ndb-node-failure: invalid value for ${(error as Error).message}`);
  }
}

/** Whether the partition puts data nodes on both sides (and so can fail some). */
function splits(faults: NdbFaults): boolean {
  return faults.partition !== null && faults.partition.sideA.length > 0 && faults.partition.sideB.length > 0;
}

/** When the first fault strikes, or null without one. */
function firstFaultMs(faults: NdbFaults): number | null {
  const times: number[] = [];
  // A restart of a running node kills its old incarnation first: the fault, when there is no other.
  if (faults.restart.length > 0 && faults.kill.length === 0 && !splits(faults)) return faults.restartAtMs;
  if (faults.kill.length > 0) times.push(faults.killAtMs);
  // A cut that leaves every data node on one side (the arbitrator alone on the other) fails no node.
  if (faults.partition && faults.partition.sideA.length > 0 && faults.partition.sideB.length > 0) times.push(faults.partition.atMs);
  return times.length > 0 ? Math.min(...times) : null;
}

/**
 * When the survivors detect the first fault, by NDB's missed-heartbeat rule: the
 * first heartbeat tick at or after the fault is the first the failed node does not send,
 * and the node is declared dead `missedHeartbeats` ticks after it. Ticks lie on one grid.
 */
export function predictedDetectionMs(values: Values, faultMs: number): number {
  // The grid's first tick is one interval after the start.
  const firstSilentTickMs = Math.max(1, Math.ceil(faultMs / values.heartbeatIntervalMs)) * values.heartbeatIntervalMs;
  return firstSilentTickMs + values.missedHeartbeats * values.heartbeatIntervalMs - faultMs;
}

/** The outcome rule's prediction for the run's faults, or null when the rule does not describe them. */
function predict(values: Values, faults: readonly Fault[]): NdbOutcome | null {
  const schedule = ndbFaultsFrom(faults, values.dataNodes);
  return schedule && predictNdbOutcome(schedule, values.dataNodes, values.replicas);
}

/** When the first fault strikes: from the schedule the rule reads, else the earliest fault of any kind. */
function firstStrikeMs(schedule: NdbFaults | null, faults: readonly Fault[]): number | null {
  if (schedule) return firstFaultMs(schedule);
  return faults.length > 0 ? Math.min(...faults.map((fault) => fault.atMs)) : null;
}

export const ndbNodeFailure = defineScenario({
  name: 'ndb-node-failure',
  summary: 'MySQL Cluster data nodes crash or are partitioned under a steady transaction load: who carries on, and what transactions saw',
  profile: 'linux-modern',
  params,
  durationMs: (values) => values.durationMs + drainMs,
  // Data nodes, so a cut or slow path runs to the arbitrator or an API node, where heartbeats and transactions go.
  swarmFaultHosts: /^ndbd\d+$/,
  faultsOf: (values) => ndbFaultStrings(scheduleOf(values)),
  build(ctx) {
    const schedule = ndbFaultsFrom(ctx.faults, ctx.params.dataNodes);
    const firstMs = firstStrikeMs(schedule, ctx.faults);
    if (firstMs !== null) {
      const values = ctx.params;
      ctx.limit({ name: 'detection time', value: predictedDetectionMs(values, firstMs), unit: 'ms', source: `docs/DOMAIN.md §5: ${values.missedHeartbeats} missed heartbeats of ${values.heartbeatIntervalMs} ms` });
    }
    const ledger = new TxnLedger();
    const timeline: StampedRecord[] = [];
    // The run's faults (this scenario's sugar and --fault alike) were scheduled before the
    // processes start, so one that falls on a heartbeat tick strikes before that tick: the
    // rule of predictedDetectionMs holds at any fault time.
    const spans = transactionSlices(ctx.kernel);
    const cluster = buildCluster(ctx, (record) => {
      ledger.record(record);
      if (record.type === 'txn.committed' || record.type === 'txn.failedAfterRetries') spans.end(record.tag);
      if (record.type.startsWith('ndb.')) timeline.push(record);
    });
    const browser = ctx.params.frontend === 'http' ? pageBrowser(ctx.network, ctx.profile.tcp, ctx.metrics, ctx.kernel) : null;
    startLoad(ctx, cluster, ledger, browser, spans.start);
    watch(ctx, cluster, ledger);
    return {
      finish() {
        recordCluster(ctx, cluster, ledger, timeline, firstStrikeMs(schedule, ctx.faults));
        recordTransactions(ctx, ledger);
        browser?.finish(ledger.committed);
      },
    };
  },
  expectations: (values, _profile, faults) => expectationsFor(values, faults),
  findings: (values, metrics, _series, _profile, faults) => findingsFor(values, metrics, faults),
  headlines: [
    { metric: 'txn.failedAfterRetries', label: 'transactions given up' },
    { metric: 'txn.committed', label: 'committed' },
    { metric: 'ndb.failureDetectedMs', label: 'failure detected after', unit: 'ms' },
    { metric: 'txn.abortedTemporary', label: 'temporary aborts' },
  ],
  enumerations: {
    'ndb.outcome': ['shut down', 'running'],
    'ndb.arbitration': ['not needed', 'granted', 'refused or timed out'],
  },
  outcome: (values, metrics, faults) => clusterOutcome(predict(values, faults)?.running ?? null, metrics['ndb.outcome'] ?? null),
  charts: [
    { id: 'throughput', title: 'Transactions committed, aborted with a temporary error, and given up, per second', yLabel: 'per second', series: ['txn.committedPerSec', 'txn.abortedTemporaryPerSec', 'txn.failedAfterRetriesPerSec'] },
    { id: 'nodes', title: 'Data nodes by state (timeline)', yLabel: 'data nodes', series: ['ndb.nodesStarted', 'ndb.nodesArbitrating', 'ndb.nodesRestarting', 'ndb.nodesDown'] },
  ],
});

type Context = ScenarioContext<Values>;

/** Topology: the cluster the parameters describe, its API nodes serving pages with `frontend=http`. */
function buildCluster({ network, processes, params: values, profile }: Context, onRecord: (record: StampedRecord) => void): NdbCluster {
  return new NdbCluster(network, {
    processes,
    settings: settingsOf(values), apiNodes: values.apiNodes, tcp: profile.tcp, pages: values.frontend === 'http',
    retry: { ...retryDefaults, retriesMax: values.retriesMax, retryBackoffMs: values.retryBackoffMs },
    onRecord,
  });
}

/**
 * Load: transaction k starts at firstTxnMs + k / txnPerSec s on a random partition, through
 * a browser's page or straight on an API node; a plain-code generator, one event per start.
 */
function startLoad({ kernel, params: values }: Context, cluster: NdbCluster, ledger: TxnLedger, browser: PageBrowser | null, onStart: (tag: number) => void): void {
  const random = kernel.stream('ndb.loadgen');
  // With `load`, the shape's seeded arrivals from firstTxnMs (an open model, like the constant rate).
  startArrivals(kernel, arrivalSchedule(kernel, values.load, values.txnPerSec, values.durationMs, firstTxnMs, 'ndb.arrivals'), 'txn.start', (tag) => {
    ledger.started++;
    onStart(tag);
    const partition = random.int(0, cluster.settings.partitions - 1);
    if (browser) browser.fetch(tag, partition, cluster.pageEndpoint(tag));
    else cluster.startTxn(tag, partition, tag);
  });
}

/** In a traced run, each transaction is a slice from its start to its commit or final abort. */
function transactionSlices(kernel: Kernel): { start: (tag: number) => void; end: (tag: number) => void } {
  const slices = kernel.traceLog?.slices;
  if (!slices) return { start: () => {}, end: () => {} };
  const track = { host: 'load', process: 'transactions' };
  const open = new Map<number, number>();
  return {
    start: (tag) => open.set(tag, slices.open(track, 'transaction', kernel.nowUs)),
    end: (tag) => {
      slices.close(open.get(tag) ?? -1, kernel.nowUs);
      open.delete(tag);
    },
  };
}

/** Data nodes whose status passes `wanted`. */
function countNodes(cluster: NdbCluster, wanted: (status: NodeStatus) => boolean): number {
  let nodes = 0;
  for (let id = 1; id <= cluster.settings.dataNodes; id++) if (wanted(cluster.status(id))) nodes++;
  return nodes;
}

/** The time series and the invariant watched during the run. */
function watch({ series, invariant }: Context, cluster: NdbCluster, ledger: TxnLedger): void {
  const count = (wanted: (status: NodeStatus) => boolean) => () => countNodes(cluster, wanted);
  series.perSecond('txn.committedPerSec', () => ledger.committed);
  series.perSecond('txn.abortedTemporaryPerSec', () => ledger.abortedTemporary);
  series.perSecond('txn.failedAfterRetriesPerSec', () => ledger.failedAfterRetries);
  series.gauge('ndb.nodesStarted', count((status) => status === 'started'));
  series.gauge('ndb.nodesRestarting', count((status) => status === 'connecting' || status === 'copying'));
  series.gauge('ndb.nodesArbitrating', count((status) => status === 'arbitrating'));
  series.gauge('ndb.nodesDown', count((status) => status === 'dead' || status === 'shutdown'));
  invariant('no transaction is answered twice', () => (ledger.endedTwice === 0 ? null : `${ledger.endedTwice} transactions ended twice`));
}

/** Committed rows no started replica holds (lost) and started replicas lacking one, while the cluster runs. */
function rowsMissing(cluster: NdbCluster, ledger: TxnLedger): { readonly lost: number; readonly replicasMissing: number } {
  let lost = 0;
  let replicasMissing = 0;
  for (const [tag, partition] of ledger.committedRows) {
    const { started, missing } = cluster.replicasMissing(partition, tag);
    if (started > 0 && missing === started) lost++;
    replicasMissing += missing;
  }
  return { lost, replicasMissing };
}

/** The cluster's end state: outcome, detection, arbitration, each node's timeline, rows. */
function recordCluster({ metrics, params: values, annotate }: Context, cluster: NdbCluster, ledger: TxnLedger, timeline: readonly StampedRecord[], faultMs: number | null): void {
  const running = cluster.running();
  const rows = running ? rowsMissing(cluster, ledger) : { lost: 0, replicasMissing: 0 };
  metrics.set('ndb.outcome', running ? 1 : 0);
  const detection = detectionOf(timeline, faultMs);
  if (faultMs !== null && detection.detectedMs !== null) annotate({ atMs: faultMs + detection.detectedMs, kind: 'detection', label: 'survivors detect the failure' });
  if (faultMs !== null && detection.resolvedMs !== null) annotate({ atMs: faultMs + detection.resolvedMs, kind: 'failover', label: running ? 'survivors carry on' : 'cluster shuts down' });
  metrics.set('ndb.failureDetectedMs', detection.detectedMs);
  metrics.set('ndb.failureResolvedMs', detection.resolvedMs);
  metrics.set('ndb.arbitration', arbitrationOf(timeline));
  metrics.set('ndb.nodesStartedAtEnd', countNodes(cluster, (status) => status === 'started'));
  metrics.set('ndb.nodesShutDown', countNodes(cluster, (status) => status === 'shutdown'));
  for (let id = 1; id <= values.dataNodes; id++) {
    metrics.set(`ndb.node${id}.phaseAtEnd`, phaseCodes[cluster.status(id)]);
    const killed = timeline.find((record) => record.type === 'ndb.killed' && record.node === id);
    metrics.set(`ndb.node${id}.killedMs`, killed ? killed.atUs / 1_000 : null);
    const shutdown = timeline.find((record) => record.type === 'ndb.phase' && record.node === id && record.phase === 'shutdown');
    metrics.set(`ndb.node${id}.shutdownMs`, shutdown ? shutdown.atUs / 1_000 : null);
    const rejoined = timeline.find((record) => record.type === 'ndb.phase' && record.node === id && record.phase === 'started' && record.reason === 'node restart complete');
    metrics.set(`ndb.node${id}.startedMs`, rejoined ? rejoined.atUs / 1_000 : null);
  }
  metrics.set('txn.lostCommitted', rows.lost);
  metrics.set('txn.replicaRowsMissing', rows.replicasMissing);
}

/** How the application's transactions ended, and the share of the load's seconds that committed any. */
function recordTransactions({ metrics, series, params: values }: Context, ledger: TxnLedger): void {
  metrics.set('txn.started', ledger.started);
  metrics.set('txn.committed', ledger.committed);
  metrics.set('txn.abortedTemporary', ledger.abortedTemporary);
  for (const [code, aborts] of [...ledger.abortsByCode].sort((x, y) => x[0] - y[0])) metrics.set(`txn.abortedTemporary.${code}`, aborts);
  metrics.set('txn.retried', ledger.retried);
  metrics.set('txn.failedAfterRetries', ledger.failedAfterRetries);
  metrics.set('txn.inFlightAtEnd', ledger.started - ledger.committed - ledger.failedAfterRetries);
  const committedPerSec = series.values('txn.committedPerSec').slice(0, Math.floor(values.durationMs / 1_000));
  const serving = committedPerSec.filter((rate) => rate > 0).length;
  metrics.set('ndb.availability', committedPerSec.length > 0 ? Number((serving / committedPerSec.length).toFixed(4)) : null);
}

/**
 * From the first fault: `detectedMs` to the first survivor's failure handling (the
 * heartbeat rule firing), `resolvedMs` to the survivors acting on their verdict: carrying
 * on (win), carrying on after a grant, or shutting down.
 */
function detectionOf(timeline: readonly StampedRecord[], faultMs: number | null): { detectedMs: number | null; resolvedMs: number | null } {
  if (faultMs === null) return { detectedMs: null, resolvedMs: null };
  const faultUs = faultMs * 1_000;
  const after = timeline.filter((record) => record.atUs >= faultUs);
  const detected = after.find((record) => record.type === 'ndb.failureHandled');
  const resolved = after.find((record) => (record.type === 'ndb.failureHandled' && record.verdict === 'win')
    || (record.type === 'ndb.phase' && (record.phase === 'shutdown' || (record.phase === 'started' && record.reason === 'arbitration granted'))));
  const ms = (record: StampedRecord | undefined): number | null => (record ? Number(((record.atUs - faultUs) / 1_000).toFixed(3)) : null);
  return { detectedMs: ms(detected), resolvedMs: ms(resolved) };
}


/**
 * As the data nodes saw it: 0 none asked the arbitrator, 1 some node got a grant, 2 nodes
 * asked and none got one (refused, or no answer: a grant lost on the way counts as none).
 */
function arbitrationOf(timeline: readonly StampedRecord[]): number {
  if (timeline.some((record) => record.type === 'ndb.phase' && record.phase === 'started' && record.reason === 'arbitration granted')) return 1;
  return timeline.some((record) => record.type === 'ndb.phase' && record.phase === 'arbitrating') ? 2 : 0;
}


/** What holds whatever the faults: nothing the application saw committed is lost. */
const safetyExpectations: readonly Expectation[] = [
  { name: 'no transaction the application saw committed is lost', metric: 'txn.lostCommitted', op: '==', threshold: 0 },
  { name: 'every started replica holds every committed row', metric: 'txn.replicaRowsMissing', op: '==', threshold: 0 },
];

function expectationsFor(values: Values, runFaults: readonly Fault[]): Expectation[] {
  const faults = ndbFaultsFrom(runFaults, values.dataNodes);
  const outcome = predict(values, runFaults);
  // Faults the survivor rule does not describe (a slow or lossy path, an API node's crash,
  // kills at two times …): only the safety checks apply.
  if (!faults || !outcome) return [...safetyExpectations];
  const partition = faults.partition;
  // The rule judges failures; a cut that heals before it is detected and arbitrated is a
  // blip whose end depends on TCP's retransmissions, so only the safety checks apply.
  if (partition && partition.healAtMs !== null
    && partition.healAtMs < partition.atMs + predictedDetectionMs(values, partition.atMs) + values.arbitrationTimeoutMs) {
    return [...safetyExpectations];
  }
  const expectations: Expectation[] = [];
  // Null: a split's race decides, and a later fault makes the winner matter; no outcome is sure.
  if (outcome.running !== null) {
    expectations.push({
      name: outcome.running ? 'the cluster keeps running (NDB survivor rule)' : 'the cluster shuts down (NDB survivor rule)',
      metric: 'ndb.outcome', op: '==', threshold: outcome.running ? 1 : 0,
    });
  }
  expectations.push(
    {
      name: ['arbitration is not needed', 'the arbitrator grants a request', 'arbitration is asked for and refused or times out'][outcome.arbitration] as string,
      metric: 'ndb.arbitration', op: '==', threshold: outcome.arbitration,
    },
    { name: 'no transaction the application saw committed is lost', metric: 'txn.lostCommitted', op: '==', threshold: 0 },
  );
  const sizes = new Set(outcome.candidates.map((side) => side.length));
  if (outcome.running === true && outcome.survivors === null && sizes.size === 1) {
    expectations.push({ name: 'one side of the split survives whole (the first to reach the arbitrator)', metric: 'ndb.nodesStartedAtEnd', op: '==', threshold: [...sizes][0] as number });
  }
  if (outcome.survivors !== null && outcome.running) {
    expectations.push({ name: `exactly the predicted survivors are started at the end (${outcome.survivors.join(',')})`, metric: 'ndb.nodesStartedAtEnd', op: '==', threshold: outcome.survivors.length });
  }
  if (outcome.running) {
    expectations.push({ name: 'every started replica holds every committed row (restarted nodes copied theirs)', metric: 'txn.replicaRowsMissing', op: '==', threshold: 0 });
  }
  const faultMs = firstFaultMs(faults);
  const restartOnly = faults.restart.length > 0 && faults.kill.length === 0 && !splits(faults);
  if (faultMs !== null && !restartOnly) {
    const detectionMs = predictedDetectionMs(values, faultMs);
    // A restart before then makes the others see the old incarnation's end at once (its hello).
    const restartFirst = faults.restart.length > 0 && faults.restartAtMs < faultMs + detectionMs;
    const killsAll = faults.kill.length === values.dataNodes && faultMs === faults.killAtMs;
    if (killsAll) {
      expectations.push({ name: 'every data node killed: none is left to detect it', metric: 'ndb.failureDetectedMs', op: 'null', threshold: null });
    } else if (!restartFirst) {
      expectations.push({
        name: `survivors detect the failure ${values.missedHeartbeats} missed heartbeats after the first silent tick (MySQL Cluster manual)`,
        metric: 'ndb.failureDetectedMs', op: '~', threshold: detectionMs, tolerancePct: 1,
      });
    }
  } else if (restartOnly && faults.restart.length < values.dataNodes) {
    expectations.push({ name: 'a restart of a running node: the others see its old incarnation fail', metric: 'ndb.failureDetectedMs', op: '>=', threshold: 0 });
  } else if (restartOnly) {
    expectations.push({ name: 'every data node restarted at once: none is left to see the others fail', metric: 'ndb.failureDetectedMs', op: 'null', threshold: null });
  } else {
    expectations.push({ name: 'no fault: nothing is detected', metric: 'ndb.failureDetectedMs', op: 'null', threshold: null });
    expectations.push({ name: 'no fault: no transaction aborts', metric: 'txn.abortedTemporary', op: '==', threshold: 0 });
  }
  if (values.frontend === 'http') {
    expectations.push({ name: 'pages: one 200 per committed transaction, no more, no fewer', metric: 'http.okNotCommitted', op: '==', threshold: 0 });
    if (outcome.running && faults.partition === null && !faults.killArbitrator) {
      expectations.push({ name: 'pages: the cluster carried on, so no browser got a 503 (the app retried through the failure)', metric: 'http.unavailable', op: '==', threshold: 0 });
    }
  }
  if (outcome.running && faults.partition === null && !faults.killArbitrator) {
    expectations.push({ name: 'the cluster carried on: every transaction commits after its retries', metric: 'txn.failedAfterRetries', op: '==', threshold: 0 });
  }
  return expectations;
}

function findingsFor(values: Values, metrics: Readonly<Record<string, number | null>>, faults: readonly Fault[]): string[] {
  const value = (name: string): number => metrics[name] ?? 0;
  const outcome = predict(values, faults);
  const groups = Array.from({ length: values.dataNodes / values.replicas }, (_, group) =>
    `NG${group} {${Array.from({ length: values.replicas }, (_, index) => group * values.replicas + index + 1).join(',')}}`).join(', ');
  const faultText = faults.map((fault) => fault.text).join('; ') || 'no faults';
  const lines = [
    `${values.dataNodes} data nodes in node groups ${groups}, the management node as arbitrator, ${values.apiNodes} API nodes; ${values.load === '' ? `${values.txnPerSec} transactions per second` : `transactions at the load shape "${values.load}"`} for ${values.durationMs / 1_000} s. Faults: ${faultText}.`,
    `Heartbeats every ${values.heartbeatIntervalMs} ms; a node silent for ${values.missedHeartbeats} ticks is declared dead, so detection takes ${values.missedHeartbeats} to ${values.missedHeartbeats + 1} intervals after a crash (MySQL Cluster manual). ` +
      (metrics['ndb.failureDetectedMs'] == null ? 'No failure was detected.' : `Survivors detected the first failure ${value('ndb.failureDetectedMs')} ms after it and acted on their verdict after ${metrics['ndb.failureResolvedMs'] ?? 'n/a'} ms.`),
    `${outcome ? rulePrediction(outcome) : 'The survivor rule does not describe these faults (only crashes, restarts and one partition of the NDB nodes), so only safety is checked. '}` +
      `The run: ${value('ndb.outcome') === 1 ? 'running' : 'shut down'} at the end with ${value('ndb.nodesStartedAtEnd')} started nodes; arbitration ${['not needed', 'granted', 'refused or timed out'][value('ndb.arbitration')] ?? 'n/a'}.`,
    `Node timeline: ${nodeTimeline(values, metrics)}.`,
    `Transactions: ${value('txn.started')} started, ${value('txn.committed')} committed, ${value('txn.abortedTemporary')} attempts aborted with a temporary error (${abortCodes(metrics)}), ${value('txn.retried')} retries, ${value('txn.failedAfterRetries')} given up after ${values.retriesMax} retries, ${value('txn.inFlightAtEnd')} unfinished. ` +
      `Committed rows lost: ${value('txn.lostCommitted')}. Some transaction committed in ${((metrics['ndb.availability'] ?? 0) * 100).toFixed(1)} % of the load's seconds.`,
  ];
  if (values.frontend === 'http') {
    lines.push(`Browsers fetched one page per transaction from the web app backends (the API nodes): ${value('http.ok')} got 200, ${value('http.unavailable')} got 503 after the retries, ${value('http.noResponse')} no answer; page latency p50 ${metrics['http.latencyMs.p50'] ?? 'n/a'} ms, p99 ${metrics['http.latencyMs.p99'] ?? 'n/a'} ms: a node failure shows as pages waiting out detection and a retry.`);
  }
  return lines;
}

/** What the survivor rule predicts, in a sentence of the findings. */
function rulePrediction(outcome: NdbOutcome): string {
  const survivors = outcome.survivors && outcome.running
    ? ` with nodes ${outcome.survivors.join(',')}`
    : outcome.survivors === null ? ` with one of ${outcome.candidates.map((side) => `{${side.join(',')}}`).join(' or ')} (the first side to reach the arbitrator)` : '';
  return `The rule predicts: the cluster ${outcome.running === null ? 'runs or not depending on which side of the split won' : outcome.running ? 'keeps running' : 'shuts down'}${survivors}; arbitration ${['not needed', 'granted', 'refused or timed out'][outcome.arbitration]}. `;
}

function nodeTimeline(values: Values, metrics: Readonly<Record<string, number | null>>): string {
  const names = Object.fromEntries(Object.entries(phaseCodes).map(([name, code]) => [code, name]));
  const parts: string[] = [];
  for (let id = 1; id <= values.dataNodes; id++) {
    const shutdownMs = metrics[`ndb.node${id}.shutdownMs`];
    const startedMs = metrics[`ndb.node${id}.startedMs`];
    const killedMs = metrics[`ndb.node${id}.killedMs`];
    const events = [
      killedMs != null ? `killed at ${(killedMs / 1_000).toFixed(3)} s` : '',
      shutdownMs != null ? `shut down at ${(shutdownMs / 1_000).toFixed(3)} s` : '',
      startedMs != null ? `started again at ${(startedMs / 1_000).toFixed(3)} s` : '',
    ].filter((text) => text !== '');
    parts.push(`node ${id} ${events.length > 0 ? events.join(', ') + ', ' : ''}${names[metrics[`ndb.node${id}.phaseAtEnd`] ?? -1] ?? 'n/a'} at the end`);
  }
  return parts.join('; ');
}

function abortCodes(metrics: Readonly<Record<string, number | null>>): string {
  const codes = Object.keys(metrics).filter((name) => name.startsWith('txn.abortedTemporary.'));
  return codes.length === 0 ? 'none' : codes.map((name) => `${metrics[name]} × ${name.slice('txn.abortedTemporary.'.length)}`).join(', ');
}

/** What the cluster did against what the survival rule (docs/DOMAIN.md §5) predicts, for the verdict. */
function clusterOutcome(predictedRunning: boolean | null, running: number | null): string {
  const did = running === 1 ? 'the cluster kept running' : 'the cluster shut down';
  if (predictedRunning === null) return `${did}; the split's race to the arbitrator decided it`;
  return (running === 1) === predictedRunning ? `${did}, as the survival rule predicts` : `${did}, against the survival rule`;
}
