import type { Kernel } from '../sim/kernel/kernel.js';
import type { HttpClientReport } from '../sim/models/http/httpClient.js';
import type { HttpRequest } from '../sim/models/http/httpMessage.js';
import { webAppDefaults } from '../sim/models/app/webApp.js';
import { trackerDefaults, type FileInput } from '../sim/models/mogilefs/tracker.js';
import { clientWaitMsMax as perlbalClientWaitMsMax } from '../sim/models/perlbal/perlbalClock.js';
import { perlbalDefaults } from '../sim/models/perlbal/proxy.js';
import type { Host } from '../sim/net/host.js';
import { lanLink } from '../sim/net/link.js';
import type { Network } from '../sim/net/network.js';
import type { Expectation } from '../sim/scenario/expectation.js';
import { enumParam, intParam, type ParamValues } from '../sim/scenario/param.js';
import { RequestLedger } from '../sim/scenario/requestLedger.js';
import type { Profile } from '../sim/scenario/profile.js';
import { defineScenario } from '../sim/scenario/scenario.js';
import type { Fault } from '../sim/scenario/fault.js';
import { faultDurationText } from '../sim/scenario/runFaults.js';
import { arrivalSchedule, loadParam, startArrivals } from '../sim/scenario/arrivalSchedule.js';
import type { Supervisor } from '../sim/net/supervisor.js';
import { ReplicaLedger } from './replicaLedger.js';
import { buildReproxyStack, type ReproxyStackSpec, type TrackerRecord } from '../sim/topology/reproxyStack.js';

/** Files stored, each with `mindevcount` copies on distinct hosts. */
const fileCount = 300;
const fileBytes = 20_000;
const mindevcount = trackerDefaults.mindevcount;
const clientHosts = 4;
const appBackends = 2;
/** The storage host that crashes; its one device has the same number. */
const failedHost = 'storage1';
const failedDevice = 1;
/** A read slower than this went through a connect timeout (or waited behind one): a fallback. */
const slowReadMs = 1_000;
/** Perlbal's connect timeout (DOMAIN.md §3), what a read whose first path is the dead host pays. */
const connectTimeoutMs = perlbalDefaults.connectTimeoutMs;
/** The longest a client waits on Perlbal (30 s idle timeout, DOMAIN.md §3, plus the sweep; perlbalClock.ts). */
const clientWaitMsMax = perlbalClientWaitMsMax(perlbalDefaults.clientIdleTimeoutMs);
/** The modern monitor's cycle (DOMAIN.md §4). */
const monitorCycleMs = trackerDefaults.monitorCycleMs;

const params = {
  monitor: enumParam({
    description: "the tracker's monitor: '2005' only logs an unreachable host, so get_paths keeps returning its paths; 'modern' marks its devices down within one 2.5 s cycle",
    values: ['2005', 'modern'], defaultValue: '2005',
    swarm: { choices: ['2005', 'modern'] },
  }),
  ratePerSec: intParam({ description: 'userpic GETs per second (one new client connection each)', defaultValue: 100, min: 1, max: 10_000, swarm: { min: 20, max: 200, step: 20 } }),
  storageNodes: intParam({ description: 'storage hosts, one device each', defaultValue: 3, min: 2, max: 50, swarm: { min: 2, max: 5 } }),
  load: loadParam('ramp 50/s to 300/s over 60s'),
  failAtMs: intParam({ description: `when ${failedHost} crashes and stays down; sugar for --fault 'crash ${failedHost} at 20s'`, defaultValue: 20_000, min: 0, max: 86_400_000, swarm: { min: 5_000, max: 40_000, step: 5_000 } }),
  markDeadAtMs: intParam({ description: `when an admin marks ${failedHost}'s device dead, starting re-replication`, defaultValue: 60_000, min: 0, max: 86_400_000 }),
  durationMs: intParam({ description: 'simulated run length in ms', defaultValue: 120_000, min: 1_000, max: 86_400_000 }),
  copyMbitPerSec: intParam({
    description: 'bandwidth of one replica copy between storage hosts (GET from the source streamed into the PUT), in Mbit/s; 100 = Fast Ethernet',
    defaultValue: 100, min: 1, max: 100_000,
    swarm: { choices: [10, 100, 1_000] },
  }),
};

type Values = ParamValues<typeof params>;

/** The two devices (= hosts) of file `fid`: spread evenly over all pairs of distinct hosts. */
function placement(fid: number, nodes: number): number[] {
  const first = fid % nodes;
  const second = (first + 1 + (Math.floor(fid / nodes) % (nodes - 1))) % nodes;
  return [first + 1, second + 1];
}

function pathOf(device: number, fid: number): string {
  return `/dev${device}/${fid}.fid`;
}

function copyBytesPerSec(values: Values): number {
  return (values.copyMbitPerSec * 1_000_000) / 8;
}

/** Files with a copy on the failed device: the copies re-replication must make. */
function filesOnFailedDevice(values: Values): number {
  return Array.from({ length: fileCount }, (_, index) => placement(index + 1, values.storageNodes)).filter((devices) => devices.includes(failedDevice)).length;
}

/**
 * Bounds of the time from the mark to full replication. One replicate worker (MogileFS's
 * `replicate_jobs` default 1) makes the copies one after another; each is a GET from the
 * source node and a PUT to the target on new connections (4 round trips: connect and
 * answer, twice) plus the bytes' transfer at the copy bandwidth (replicateWorker.ts). The
 * LAN's one-way delay is at least its floor; the slack per copy covers its random tail.
 */
function replicationBoundsMs(values: Values): { lowMs: number; highMs: number } {
  const copies = filesOnFailedDevice(values);
  const transferMs = (fileBytes * 1_000) / copyBytesPerSec(values);
  const latency = lanLink.latency;
  const oneWayMinMs = (latency.kind === 'constant' ? latency.us : latency.minUs) / 1_000;
  const roundTripsMs = 4 * 2 * oneWayMinMs;
  const slackPerCopyMs = 1;
  return { lowMs: copies * (transferMs + roundTripsMs), highMs: copies * (transferMs + roundTripsMs + slackPerCopyMs) };
}

/** The fault string `failAtMs` stands for: storage1 crashes and stays down. */
function failFaults(values: Values): string[] {
  return values.failAtMs < values.durationMs ? [`crash ${failedHost} at ${faultDurationText(values.failAtMs)}`] : [];
}

/** The lasting crash of storage1 the rules below are about, if the run's faults have one. */
function hostCrash(values: Values, faults: readonly Fault[]): Fault | null {
  return faults.find((fault) => fault.kind === 'crash' && fault.host === failedHost && fault.forMs === null && fault.atMs < values.durationMs) ?? null;
}

/**
 * Faults besides that crash (a second host, the tracker, a cut path …): outages the
 * rules below do not describe, so only what holds for any fault is checked.
 */
function otherFaults(values: Values, faults: readonly Fault[]): readonly Fault[] {
  const crash = hostCrash(values, faults);
  return faults.filter((fault) => fault !== crash && fault.atMs < values.durationMs);
}

/** What the rules predict for these parameters and the run's faults. */
function predict(values: Values, faults: readonly Fault[]) {
  const crash = hostCrash(values, faults);
  const failAtMs = crash ? crash.atMs : values.durationMs;
  const fails = crash !== null;
  const marked = fails && values.markDeadAtMs >= failAtMs && values.markDeadAtMs < values.durationMs;
  // Re-replication needs a live host without a copy: one exists for every file once there
  // are 3 hosts or more (2 copies, at most one of them on the dead host).
  const rereplicates = marked && values.storageNodes >= mindevcount + 1;
  return { fails, failAtMs, marked, rereplicates, foreign: otherFaults(values, faults).length > 0 };
}

/** What the scenario's recorders take from the stack's processes. */
interface StackHooks {
  requestOf(tag: number): HttpRequest;
  onTracker(record: TrackerRecord): void;
  onClient(report: HttpClientReport): void;
}

/**
 * Clients → Perlbal (keep-alive reproxy) → app backends → tracker, and the storage hosts
 * (sim/topology/reproxyStack.ts): host storageK runs mogstored with device K.
 */
function topology(
  kernel: Kernel, network: Network, processes: Supervisor, profile: Profile, values: Values, files: FileInput[], nodeFiles: Record<string, number>[], hooks: StackHooks,
): ReproxyStackSpec {
  return {
    kernel, network, processes, tcp: profile.tcp,
    proxy: { name: 'perlbal', ip: '10.0.1.1', settings: { reproxyMode: 'keepalive' } },
    tracker: {
      name: 'tracker', ip: '10.0.3.1', onRecord: hooks.onTracker,
      input: {
        devices: Array.from({ length: values.storageNodes }, (_, index) => ({ id: index + 1, host: `storage${index + 1}`, freeBytes: 1_000_000_000 })),
        files, monitorMode: values.monitor, mindevcount, copyBytesPerSec: copyBytesPerSec(values),
      },
    },
    apps: { count: appBackends, name: (index) => `app${index}`, ip: (index) => `10.0.2.${index + 1}` },
    storage: {
      count: values.storageNodes, name: (index) => `storage${index + 1}`, ip: (index) => `10.0.4.${index + 1}`,
      processName: (index) => `mogstored.storage${index + 1}`, input: (index) => ({ files: nodeFiles[index]! }),
    },
    clients: { count: clientHosts, name: (index) => `client${index}`, ip: (index) => `10.0.0.${index + 1}`, requestOf: hooks.requestOf, onRecord: hooks.onClient },
  };
}

export const storageHostFailure = defineScenario({
  name: 'storage-host-failure',
  summary: 'A MogileFS storage host crashes under userpic reads through Perlbal: read latency, and re-replication once it is marked dead',
  profile: 'linux-modern',
  params,
  durationMs: (values) => values.durationMs,
  // After the last fault heals, re-replication (started by the admin) must restore every copy within a minute.
  quietPhase: { convergeWithinMs: 60_000 },
  // Storage, app hosts and the tracker, so a cut or slow path runs to Perlbal or a client, never between two clients.
  swarmFaultHosts: /^(storage\d+|app\d+|tracker)$/,
  faultsOf: failFaults,
  build({ kernel, network, processes, params: values, profile, faults, metrics, series, invariant, fault, annotate }) {
    // Storage: host storageK holds device K; each file has 2 copies on distinct hosts.
    const files: FileInput[] = [];
    const nodeFiles: Record<string, number>[] = Array.from({ length: values.storageNodes }, () => ({}));
    for (let fid = 1; fid <= fileCount; fid++) {
      const devices = placement(fid, values.storageNodes);
      files.push({ fid, key: `pic${fid}`, sizeBytes: fileBytes, devices });
      for (const device of devices) nodeFiles[device - 1]![pathOf(device, fid)] = fileBytes;
    }
    const fileOfTag: number[] = [];
    // Where each file's copies are, as the storage nodes hold them (replicaLedger.ts). The
    // hosts are filled in once the stack is built; the tracker's first records come before.
    const deviceHost = new Map<number, Host>();
    const replicas = new ReplicaLedger(kernel, files, deviceHost, { mindevcount, failedDevice });

    // Reads: request k at k / ratePerSec s (or the load shape's arrivals), for a file picked uniformly at random.
    const ledger = new RequestLedger(metrics, 'reads', kernel);
    const pick = kernel.stream('loadgen:files');
    let violations = 0;
    let firstViolation: string | null = null;
    /** Reads of files with a live copy that Perlbal's idle sweep closed after the client idle timeout. */
    let idleClosed = 0;
    /** Failed reads that started after the modern monitor marked the dead host's device down. */
    let failedAfterMonitor = 0;
    let slowReads = 0;
    /** Reads slower than 1 s that started after the modern monitor marked the dead host's device down. */
    let slowAfterMonitor = 0;
    const startsUs: number[] = [];
    const ended: boolean[] = [];
    let oldestCandidate = 0;
    /** The earliest-started read still open, or -1. */
    const oldestOpen = (): number => {
      while (oldestCandidate < ended.length && ended[oldestCandidate]) oldestCandidate++;
      return oldestCandidate < ended.length ? oldestCandidate : -1;
    };
    /** Every read that ends, ok or not: its latency, and whether it was slow. */
    const endRead = (tag: number): void => {
      if (tag < 0 || ended[tag] !== false) return;
      ended[tag] = true;
      const latencyUs = kernel.nowUs - startsUs[tag]!;
      metrics.recordUs('reads.wait', latencyUs);
      if (latencyUs <= slowReadMs * 1_000) return;
      slowReads++;
      if (replicas.monitorMarkedAtUs !== null && startsUs[tag]! >= replicas.monitorMarkedAtUs) slowAfterMonitor++;
    };
    const onClient = (report: HttpClientReport): void => {
      if (report.type === 'http.response') {
        const tag = ledger.tagOf(report.connId);
        endRead(tag);
        if (report.status === 200) {
          ledger.succeed(tag, kernel.nowUs);
        } else {
          failRead(tag, `status${report.status}`);
        }
        ledger.release(report.connId);
      } else if (report.type === 'http.noResponse') {
        const tag = ledger.tagOf(report.connId);
        if (tag >= 0 && !ended[tag]) {
          endRead(tag);
          failRead(tag, report.reason);
        }
        ledger.release(report.connId);
      } else if (report.type === 'http.connectFailed') {
        endRead(report.tag);
        failRead(report.tag, report.errno);
      }
    };
    function failRead(tag: number, reason: string): void {
      ledger.fail(tag, reason, kernel.nowUs);
      if (replicas.monitorMarkedAtUs !== null && startsUs[tag]! >= replicas.monitorMarkedAtUs) failedAfterMonitor++;
      const fid = fileOfTag[tag]!;
      const live = replicas.liveCopies(fid);
      if (live === 0) return;
      if (reason === 'closed' && kernel.nowUs - startsUs[tag]! > perlbalDefaults.clientIdleTimeoutMs * 1_000) {
        idleClosed++;
        return;
      }
      violations++;
      firstViolation ??= `read ${tag} of fid ${fid} failed (${reason}) at ${(kernel.nowUs / 1_000).toFixed(0)} ms with ${live} live cop${live === 1 ? 'y' : 'ies'}`;
    }
    // The stack starts here: its processes' first records come to the recorders above.
    const stack = buildReproxyStack(topology(kernel, network, processes, profile, values, files, nodeFiles, {
      requestOf: (tag) => ({
        kind: 'httpRequest', method: 'GET', path: `${webAppDefaults.userpicPrefix}pic${fileOfTag[tag]}`, version: '1.0', headers: {}, bodyBytes: 0,
      }),
      onTracker: (record) => replicas.onRecord(record),
      onClient: (report) => onClient(report),
    }));
    const { storageHosts, clients, proxyEndpoint: perlbalEndpoint } = stack;
    storageHosts.forEach((host, index) => deviceHost.set(index + 1, host));
    // The running tracker (a restarted one is a new incarnation).
    const tracker = (): NonNullable<ReturnType<Supervisor['current']>> => processes.current('tracker')!;
    for (const host of storageHosts) {
      // The monitor's probe of a crashed host fails from then on, and succeeds again once it
      // is back (the scenario plays the probe result): the 2005 tracker only logs it, the
      // modern one marks the host's device down at its next 2.5 s cycle.
      host.onCrash(() => {
        tracker().sim.send({ type: 'monitor.hostUnreachable', host: host.name });
        replicas.recount();
      });
      host.onRestart(() => {
        tracker().sim.send({ type: 'monitor.hostReachable', host: host.name });
        replicas.recount();
      });
    }

    startArrivals(kernel, arrivalSchedule(kernel, values.load, values.ratePerSec, values.durationMs, 0, 'loadgen:arrivals'), 'read', (tag) => {
      fileOfTag[tag] = 1 + Math.floor(pick.float() * fileCount);
      startsUs[tag] = kernel.nowUs;
      ended[tag] = false;
      ledger.begin(tag, kernel.nowUs);
      const socket = clients[tag % clientHosts]!.connect(perlbalEndpoint, tag);
      if (socket) ledger.carry(socket.connId, tag);
    });

    const prediction = predict(values, faults);
    if (prediction.marked) {
      fault(values.markDeadAtMs, `admin marks device ${failedDevice} dead`, () => {
        tracker().sim.send({ type: 'admin.markDevice', device: failedDevice, status: 'dead' });
        replicas.markedDead();
      });
    }

    series.perSecond('reads.okPerSec', () => ledger.ok);
    series.perSecond('reads.failedPerSec', () => ledger.failed);
    series.perSecond('reads.slowPerSec', () => slowReads);
    series.gauge('reads.oldestOpenAgeMs', () => {
      const tag = oldestOpen();
      return tag < 0 ? 0 : (kernel.nowUs - startsUs[tag]!) / 1_000;
    });
    series.gauge('files.underReplicated', () => replicas.underReplicated);
    // With one storage host down a live copy is always reachable; other faults (the tracker,
    // a second host, a cut path) may fail such reads, as the user asked.
    if (!prediction.foreign) invariant('no read of a file with a live copy fails, but by waiting out the client idle timeout', () => (violations === 0 ? null : `${violations} violation(s); first: ${firstViolation}`));
    invariant('no read ends twice', () => (ledger.endedTwice === 0 ? null : `${ledger.endedTwice} reads ended a second time`));

    return {
      // Once the admin marked the device dead every file must be back at its copy count;
      // without that, re-replication never starts and convergence is not a fair ask.
      ...(prediction.rereplicates ? { converged: () => (replicas.underReplicated === 0 ? null : `${replicas.underReplicated} file(s) below their copy count`) } : {}),
      finish() {
        if (replicas.monitorMarkedAtUs !== null) annotate({ atMs: replicas.monitorMarkedAtUs / 1_000, kind: 'detection', label: 'monitor marks the device down' });
        ledger.flush();
        metrics.set('reads.violations', violations);
        metrics.set('reads.failedIdleTimeout', idleClosed);
        metrics.set('reads.failedAfterMonitor', replicas.monitorMarkedAtUs === null ? null : failedAfterMonitor);
        // Reads still open at the end: their age then is a lower bound of their latency, so
        // `reads.waitMs` (every read, open ones at their age) shows what `reads.latencyMs`
        // (answered reads only) hides. A read open longer than a connect timeout plus 1 s is stuck.
        let stuck = 0;
        for (let tag = oldestOpen(); tag >= 0 && tag < ended.length; tag++) {
          if (ended[tag]) continue;
          const ageUs = kernel.nowUs - startsUs[tag]!;
          metrics.recordUs('reads.wait', ageUs);
          if (ageUs > (connectTimeoutMs + 1_000) * 1_000) stuck++;
          if (ageUs > slowReadMs * 1_000) slowReads++;
        }
        metrics.set('reads.stuckAtEnd', stuck);
        metrics.set('reads.slow', slowReads);
        metrics.set('reads.slowAfterMonitor', replicas.monitorMarkedAtUs === null ? null : slowAfterMonitor);
        replicas.report(metrics, values.markDeadAtMs);
        // Files the live storage nodes really hold (their own tables): the copies landed.
        metrics.set('storage.filesOnLiveHosts', storageHosts.reduce((sum, host, index) => {
          const process = processes.current(`mogstored.storage${index + 1}`) as (typeof stack.storageNodes)[number] | undefined;
          return sum + (process && host.up && process.running ? process.sim.actor.getSnapshot().context.files.size : 0);
        }, 0));
        for (const suffix of ['p50', 'p99']) metrics.declare(`reads.latencyMs.${suffix}`);
      },
    };
  },
  expectations(values, _profile, faults) {
    return expectationsFor(values, faults);
  },
  findings(values, metrics, _series, _profile, faults) {
    return findingsFor(values, metrics, faults);
  },
  charts: [
    { id: 'reads', title: 'Reads per second', yLabel: 'per second', series: ['reads.okPerSec', 'reads.failedPerSec'] },
    { id: 'slow', title: 'Reads answered after more than 1 s, per second', yLabel: 'per second', series: ['reads.slowPerSec'] },
    { id: 'latency', title: 'Age of the oldest unanswered read', yLabel: 'ms', series: ['reads.oldestOpenAgeMs'] },
    { id: 'replication', title: 'Files with fewer than mindevcount live copies', yLabel: 'files', series: ['files.underReplicated'] },
  ],
  headlines: [
    { metric: 'reads.failed', label: 'failed reads' },
    { metric: 'reads.waitMs.max', label: 'longest read wait', unit: 'ms' },
    { metric: 'reads.slow', label: 'slow reads' },
    { metric: 'files.underReplicatedAtEnd', label: 'files short of copies at the end' },
  ],
});

/**
 * Reads whose first path is the dead host while the tracker still returns it: a file has
 * a copy there with probability 2/N (2 copies over N hosts) and get_paths puts that copy
 * first half the time, so 1/N of the reads (DOMAIN.md §4, weighted random order).
 */
function deadFirstShare(values: Values): number {
  return 1 / values.storageNodes;
}

/**
 * How long after the crash the tracker keeps returning the dead host's paths: in 2005
 * mode until the admin marks the device dead; in modern mode until the next 2.5 s monitor
 * cycle (cycles run at multiples of 2.5 s from 0; a crash on a cycle boundary is seen by
 * that cycle, the crash being scheduled first).
 */
function exposureMs(values: Values, faults: readonly Fault[]): number {
  const { fails, failAtMs, marked } = predict(values, faults);
  if (!fails) return 0;
  const untilMark = (marked ? values.markDeadAtMs : values.durationMs) - failAtMs;
  if (values.monitor === '2005') return untilMark;
  return Math.min(untilMark, Math.ceil(failAtMs / monitorCycleMs) * monitorCycleMs - failAtMs);
}

function expectationsFor(values: Values, faults: readonly Fault[]): Expectation[] {
  const prediction = predict(values, faults);
  const waitBound: Expectation = { name: "every read ends within Perlbal's client idle timeout and sweep", metric: 'reads.waitMs.max', op: '<=', threshold: clientWaitMsMax };
  // Faults the rules do not describe, or a shaped load the rate rules do not: what holds for any run.
  if (prediction.foreign) return [waitBound];
  // Only one host dies and every file has 2 copies on distinct hosts: a live copy always
  // remains, and Perlbal moves on to the second path when the first does not connect. The
  // one way a read still fails is waiting on a host queue that Perlbal holds (2005 below).
  const liveCopyReads: Expectation = { name: 'no read of a file with a live copy fails but by waiting out the client idle timeout (invariant)', metric: 'reads.violations', op: '==', threshold: 0 };
  // The rate rules below assume the constant rate: a shaped load is judged by what holds at any rate.
  if (values.load !== '') return [liveCopyReads, waitBound];
  const expectations: Expectation[] = [liveCopyReads, waitBound];
  if (!prediction.fails || (values.monitor === 'modern' && exposureMs(values, faults) === 0)) {
    expectations.push({ name: 'no read fails: every file keeps a live copy, and Perlbal falls back to it', metric: 'reads.failed', op: '==', threshold: 0 });
  }
  if (!prediction.fails) {
    expectations.push({ name: 'no crash in the run: no read is slower than 1 s', metric: 'reads.slow', op: '==', threshold: 0 });
    return expectations;
  }
  expectations.push({
    name: `every file with a copy on ${failedHost} drops to one live copy`, metric: 'files.underReplicatedMax', op: '==',
    threshold: filesOnFailedDevice(values),
  });
  const { lowMs, highMs } = replicationBoundsMs(values);
  if (prediction.rereplicates) {
    // At the mark every file of the dead device is queued, a live host without a copy
    // exists for each (3 hosts or more), and the one replicate worker copies them in turn
    // from the surviving copy: no copy or attempt fails.
    expectations.push(
      { name: 'no replica copy fails (sources and targets are live hosts)', metric: 'replication.copiesFailed', op: '==', threshold: 0 },
      { name: 'no replication attempt fails', metric: 'replication.attemptsFailed', op: '==', threshold: 0 },
    );
    if (values.markDeadAtMs + highMs < values.durationMs) {
      expectations.push(
        { name: 'marking the device dead re-replicates every file to mindevcount', metric: 'files.underReplicatedAtEnd', op: '==', threshold: 0 },
        { name: 'replication takes at least one copy after another: transfer at the copy bandwidth plus 4 round trips each', metric: 'replication.timeMs', op: '>=', threshold: lowMs },
        { name: 'replication takes at most that plus 1 ms per copy for the LAN delay tail', metric: 'replication.timeMs', op: '<=', threshold: highMs },
      );
    } else if (values.markDeadAtMs + lowMs >= values.durationMs) {
      expectations.push({ name: 'the copies cannot all be made before the run ends', metric: 'replication.fullAtMs', op: 'null', threshold: null });
    }
  } else {
    expectations.push({ name: 'no re-replication: the device is not marked dead in the run, or no live host lacks a copy', metric: 'replication.fullAtMs', op: 'null', threshold: null });
  }
  const exposedReads = (values.ratePerSec * exposureMs(values, faults) * deadFirstShare(values)) / 1_000;
  const reads = Math.ceil((values.durationMs * values.ratePerSec) / 1_000);
  if (values.monitor === '2005') {
    // Each read whose first path is the dead host waits at least Perlbal's 5 s connect
    // timeout (SYNs to a crashed host go unanswered), or fails at the client idle timeout.
    // With more than 2 % of all reads exposed, p99 over every read is at least 5 s.
    if (exposedReads > reads / 50) {
      expectations.push({ name: '2005 monitor: p99 read wait reaches the 5 s connect timeout', metric: 'reads.waitMs.p99', op: '>=', threshold: connectTimeoutMs });
    }
  } else {
    // Once the modern monitor has marked the device down, get_paths leaves its path out:
    // a read started after that never meets the dead host.
    expectations.push(
      { name: 'modern monitor: no read started after the monitor marked the device down is slower than 1 s', metric: 'reads.slowAfterMonitor', op: '==', threshold: 0 },
      { name: 'modern monitor: no read started after the monitor marked the device down fails', metric: 'reads.failedAfterMonitor', op: '==', threshold: 0 },
    );
    if (exposedReads * 2 + 2 < reads / 200) {
      expectations.push({ name: 'modern monitor: the short exposure leaves p99 read wait below 1 s', metric: 'reads.waitMs.p99', op: '<', threshold: slowReadMs });
    }
  }
  return expectations;
}

function findingsFor(values: Values, metrics: Readonly<Record<string, number | null>>, faults: readonly Fault[]): string[] {
  const value = (name: string): number => metrics[name] ?? 0;
  const ms = (name: string): string => (metrics[name] == null ? 'n/a' : `${(metrics[name] as number).toFixed(1)} ms`);
  const prediction = predict(values, faults);
  const lines = [
    `${clientHosts} client hosts sent ${values.load === '' ? `${values.ratePerSec} userpic GETs per second` : `userpic GETs at the load shape "${values.load}"`} (one connection each) through Perlbal (keep-alive reproxy) and ${appBackends} app backends to ${fileCount} files, ` +
      `each with ${mindevcount} copies on distinct hosts among ${values.storageNodes} storage hosts; the tracker's monitor ran in ${values.monitor} mode.`,
  ];
  if (prediction.foreign) lines.push(`Faults: ${faults.map((fault) => fault.text).join('; ')}.`);
  if (!prediction.fails) {
    lines.push(`No lasting crash of ${failedHost} in the run: ${value('reads.ok')} of ${value('reads.attempted')} reads succeeded, p99 ${ms('reads.latencyMs.p99')}.`);
    return lines;
  }
  lines.push(
    `${failedHost} crashed at ${prediction.failAtMs / 1_000} s; ${value('files.underReplicatedMax')} files were left with one live copy. ` +
      (values.monitor === '2005'
        ? `The 2005 monitor only logged it, so get_paths kept returning its paths first for about 1 in ${values.storageNodes} reads until the admin marked it dead at ${values.markDeadAtMs / 1_000} s.`
        : `The modern monitor marked its device down at ${ms('monitor.markedDownAtMs')}, after which get_paths no longer returned it; ${value('reads.slowAfterMonitor')} reads started after that were slower than 1 s.`),
    `Reads: ${value('reads.ok')} ok, ${value('reads.failed')} failed (${value('reads.violations')} for files with a live copy), ${value('reads.inFlightAtEnd')} still unanswered at the end. ` +
      `Answered reads: p50 ${ms('reads.latencyMs.p50')}, p99 ${ms('reads.latencyMs.p99')}, max ${ms('reads.latencyMs.max')}; counting unanswered reads at their age, p99 ${ms('reads.waitMs.p99')}. ` +
      `${value('reads.slow')} reads took longer than 1 s.`,
  );
  if (value('reads.failedIdleTimeout') > 0) {
    lines.push(
      `${value('reads.failedIdleTimeout')} reads of files with a live copy failed when Perlbal's idle sweep closed their clients after more than ${perlbalDefaults.clientIdleTimeoutMs / 1_000} s. ` +
        `A keep-alive connection to ${failedHost} was open when it crashed, and its GET goes unanswered (TCP retransmits it for about 15 minutes). ` +
        `While a host has an open connection, Perlbal does not move that host's queue on when a new connect to it fails or times out (ReproxyManager.pm, note_bad_backend_connect), ` +
        `so every read that names ${failedHost} first waits in that queue until its client is closed. The fallback to the second path works only for a host with no open connection.`,
    );
  }
  lines.push(
    metrics['replication.fullAtMs'] == null
        ? `Re-replication did not complete in the run (${values.storageNodes} hosts: ${prediction.marked ? 'no live host without a copy' : 'the device was not marked dead'}).`
        : `After the mark, the tracker re-made ${value('replication.copies')} copies; every file was back to ${mindevcount} copies at ${ms('replication.fullAtMs')}, ${ms('replication.timeMs')} after the mark (one replicate worker, each copy a GET and a PUT at ${values.copyMbitPerSec} Mbit/s).`,
  );
  return lines;
}
