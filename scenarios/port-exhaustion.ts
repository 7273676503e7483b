import { portsOutcome } from './portsOutcome.js';
import type { HttpClientReport } from '../sim/models/http/httpClient.js';
import type { HttpRequest } from '../sim/models/http/httpMessage.js';
import { webAppDefaults } from '../sim/models/app/webApp.js';
import { trackerDefaults, type FileInput } from '../sim/models/mogilefs/tracker.js';
import { clientWaitMsMax as perlbalClientWaitMsMax } from '../sim/models/perlbal/perlbalClock.js';
import { perlbalDefaults } from '../sim/models/perlbal/proxy.js';
import type { Host } from '../sim/net/host.js';
import { connectPortsUsable, sustainableConnectsPerSec } from '../sim/net/portBudget.js';
import type { TcpErrno } from '../sim/contract/tcpEvent.js';
import type { Expectation } from '../sim/scenario/expectation.js';
import { choiceParam, enumParam, intParam, portRangeParam, type ParamValues } from '../sim/scenario/param.js';
import type { Profile } from '../sim/scenario/profile.js';
import { RequestLedger } from '../sim/scenario/requestLedger.js';
import { defineScenario, type ScenarioContext } from '../sim/scenario/scenario.js';
import { buildReproxyStack, type ReproxyStack, type ReproxyStackSpec } from '../sim/topology/reproxyStack.js';
import { UsageError } from '../sim/scenario/usageError.js';
import { arrivalSchedule, loadParam, peakRatePerSec, startArrivals } from '../sim/scenario/arrivalSchedule.js';
import type { Fault } from '../sim/scenario/fault.js';
import { faultDurationText } from '../sim/scenario/runFaults.js';

/** Perlbal's client port, mogstored's HTTP port (DOMAIN.md §4). */
const proxyPort = 80;
const storagePort = 7500;

const params = {
  reproxy: enumParam({
    description: "Perlbal's reproxy connections: close (before 1.01, one connection per file) or keepalive (1.01+)",
    values: ['close', 'keepalive'], defaultValue: 'close',
    swarm: { choices: ['close', 'keepalive'] },
  }),
  closer: enumParam({
    description: 'who closes a reproxy connection first and keeps its TIME_WAIT: the proxy or the storage node',
    values: ['proxy', 'storage'], defaultValue: 'proxy',
    swarm: { choices: ['proxy', 'storage'] },
  }),
  ratePerSec: intParam({ description: 'userpic requests per second from all clients together', defaultValue: 600, min: 1, max: 20_000, swarm: { min: 100, max: 800, step: 100 } }),
  storageNodes: intParam({ description: 'storage hosts (one device each, every file on every host)', defaultValue: 1, min: 1, max: 16, swarm: { min: 1, max: 3 } }),
  appHosts: intParam({ description: 'web application hosts behind Perlbal', defaultValue: 2, min: 1, max: 16, swarm: { min: 1, max: 3 } }),
  clientHosts: intParam({ description: 'client machines the load is spread over (their own ports never run out)', defaultValue: 16, min: 1, max: 256, swarm: { choices: [4, 16] } }),
  files: intParam({ description: 'userpic files stored', defaultValue: 1_000, min: 1, max: 100_000 }),
  portRange: portRangeParam({
    description: "the proxy host's ip_local_port_range, low-high", defaultValue: (profile) => profile.tcp.portRange,
  }),
  twReuse: choiceParam({
    description: 'net.ipv4.tcp_tw_reuse on the proxy host: 0 off, 1 on, 2 loopback only',
    values: [0, 1, 2], defaultValue: (profile) => profile.tcp.twReuse,
    swarm: { choices: [0, 1] },
  }),
  load: loadParam('spike 600/s x2 at 20s for 10s'),
  crashStorage: intParam({
    description: "storage hosts that crash at crashAtMs and stay down (sto1, sto2, ...); 0 for none. At most storageNodes. Sugar for --fault 'crash sto1 at 30s'",
    defaultValue: 0, min: 0, max: 16,
  }),
  crashAtMs: intParam({ description: 'when the crashStorage hosts crash', defaultValue: 30_000, min: 0, max: 86_400_000 }),
  durationMs: intParam({ description: 'simulated run length in ms', defaultValue: 600_000, min: 1_000, max: 86_400_000, swarm: { min: 60_000, max: 240_000, step: 60_000 } }),
};

/** The longest a client waits on Perlbal (30 s idle timeout, DOMAIN.md §3, plus the sweep; perlbalClock.ts). */
const clientWaitMsMax = perlbalClientWaitMsMax(perlbalDefaults.clientIdleTimeoutMs);

/** The first fault of the run that strikes before it ends, or null: the system is then not the one the port rules describe. */
function firstFaultMs(values: Values, faults: readonly Fault[]): number | null {
  const times = faults.map((fault) => fault.atMs).filter((atMs) => atMs < values.durationMs);
  return times.length > 0 ? Math.min(...times) : null;
}

/** The fault strings `crashStorage` and `crashAtMs` stand for: the first storage hosts crash and stay down. */
function crashFaults(values: Values): string[] {
  if (values.crashStorage > values.storageNodes) {
    throw new UsageError(`scenario port-exhaustion: crashStorage should be at most storageNodes (${values.storageNodes}), got ${values.crashStorage}`);
  }
  if (values.crashAtMs >= values.durationMs) return [];
  return Array.from({ length: values.crashStorage }, (_, index) => `crash ${storageName(index)} at ${faultDurationText(values.crashAtMs)}`);
}

/** Storage host `index` (from 0): sto1, sto2 … */
function storageName(index: number): string {
  return `sto${index + 1}`;
}

type Values = ParamValues<typeof params>;

/**
 * TIME_WAIT as the port budget sees it: 60 s plus one reap interval (DOMAIN.md §6, "with an
 * effective 62.048 s the rule predicts the measured 2146 / 1104").
 */
function effectiveTimeWaitMs(profile: Profile): number {
  return profile.tcp.timeWaitMs + profile.tcp.timeWaitReapIntervalMs;
}

/**
 * What DOMAIN.md §6 predicts for the proxy host. In close mode it connects to each storage
 * node's ip:7500 (one destination each) once per reproxied file; when the proxy closes
 * first each file holds one (port, destination) pair for the TIME_WAIT, and the storage
 * destinations run out after usable ports × storage nodes connects. Its connections to the
 * app hosts hold no TIME_WAIT on the proxy: the app writes its answer and closes at once
 * (persist_backend off), so the proxy closes second.
 */
function predict(values: Values, profile: Profile) {
  const timeWaitMs = effectiveTimeWaitMs(profile);
  const usable = connectPortsUsable(values.portRange);
  const storageBlocks = values.twReuse !== 1 && values.reproxy === 'close' && values.closer === 'proxy';
  const storageOnsetMs = (usable * values.storageNodes * 1_000) / values.ratePerSec;
  const onsetMs = storageBlocks && storageOnsetMs < timeWaitMs ? storageOnsetMs : null;
  const exhausts = onsetMs !== null && onsetMs < values.durationMs;
  const storageBoundPerSec = sustainableConnectsPerSec(values.portRange, values.storageNodes, timeWaitMs);
  return { usable, timeWaitMs, onsetMs, exhausts, storageOnsetMs, storageBoundPerSec };
}

/** File sizes around 20 KB, spread deterministically (no random stream needed). */
function fileSizeBytes(index: number): number {
  return 16_000 + ((index * 7_919) % 8_000);
}

export const portExhaustion = defineScenario({
  name: 'port-exhaustion',
  summary: 'Perlbal reproxying userpics from MogileFS with one connection per file: the proxy runs out of ports (docs/seed-post.md)',
  profile: 'linux-modern',
  params,
  durationMs: (values) => values.durationMs,
  // After the last fault heals the proxy must answer without errors again within a minute.
  quietPhase: { convergeWithinMs: 60_000 },
  // Storage, app hosts and the tracker, so a cut or slow path runs to the proxy or a client, never between two clients.
  swarmFaultHosts: /^(sto\d+|app\d+|tracker)$/,
  faultsOf: crashFaults,
  build(ctx) {
    const values = ctx.params;
    const { usable, storageBoundPerSec } = predict(values, ctx.profile);
    ctx.limit({ name: 'port budget', value: usable, unit: 'ports', source: 'docs/DOMAIN.md §6: the ephemeral range of the proxy', chart: 'ports' });
    ctx.limit({ name: 'sustainable reproxy rate', value: storageBoundPerSec, unit: '/s', source: 'docs/DOMAIN.md §6: usable ports × storage nodes / TIME_WAIT', chart: 'requests' });
    const load = clientLoad(ctx);
    const proxyCounts = { reproxyConnects: 0 };
    const stack = buildReproxyStack(topology(ctx, load, proxyCounts));
    watchConnectErrors(stack.proxyHost, (errno) => {
      if (errno === 'EADDRNOTAVAIL') ctx.metrics.first('proxy.tcp.firstEaddrnotavailMs', ctx.kernel.nowUs / 1_000);
    });
    startLoad(ctx, stack, load);
    observe(ctx, stack, load, proxyCounts);
    const done = { finish: () => finish(ctx, stack, load, proxyCounts) };
    // Where the rules predict exhaustion, errors go on by design after any fault: no convergence to ask for.
    return predict(values, ctx.profile).exhausts ? done : { ...done, converged: errorRateBackToZero(load.ledger) };
  },
  expectations(values, profile, faults) {
    return expectationsFor(values, profile, faults);
  },
  findings(values, metrics, _series, profile, faults) {
    return findingsFor(values, metrics, profile, faults);
  },
  headlines: [
    { metric: 'http.requests.failed', label: 'failed requests' },
    { metric: 'proxy.tcp.portsInUseMax', label: 'port peak', unit: 'ports' },
    { metric: 'proxy.tcp.firstEaddrnotavailMs', label: 'first EADDRNOTAVAIL', unit: 'ms' },
    { metric: 'proxy.reproxyConnects', label: 'reproxy connects' },
  ],
  outcome: (_values, metrics) => portsOutcome(metrics['proxy.tcp.firstEaddrnotavailMs'] ?? null),
  charts: [
    { id: 'ports', title: 'Proxy host: ephemeral ports in use and TIME_WAIT entries', yLabel: 'sockets', series: ['proxy.tcp.portsInUse', 'proxy.tcp.timeWait'] },
    { id: 'requests', title: 'Client requests per second', yLabel: 'per second', series: ['http.okPerSec', 'http.failedPerSec'] },
    { id: 'errors', title: 'Proxy connect() errors and new reproxy connections per second', yLabel: 'per second', series: ['proxy.tcp.eaddrnotavailPerSec', 'proxy.reproxyConnectsPerSec'] },
    { id: 'latency', title: 'Response latency per second: median, mean and 99th percentile', yLabel: 'ms', series: ['http.latencyMsP50', 'http.latencyMsMean', 'http.latencyMsP99'] },
  ],
});

type Context = ScenarioContext<Values>;

/** What Perlbal reports that the scenario counts. */
interface ProxyCounts {
  reproxyConnects: number;
}

/**
 * Clients → Perlbal → app hosts → tracker, Perlbal reproxying from the storage hosts
 * (sim/topology/reproxyStack.ts): one device per storage host, every file on every device.
 * The proxy host has the run's port range and tcp_tw_reuse.
 */
function topology(ctx: Context, load: ClientLoad, proxyCounts: ProxyCounts): ReproxyStackSpec {
  const { params: values, profile } = ctx;
  const storageNames = storageName;
  const devices = Array.from({ length: values.storageNodes }, (_, index) => ({ id: index + 1, host: storageNames(index), freeBytes: 1_000_000_000_000 }));
  const files: FileInput[] = Array.from({ length: values.files }, (_, index) => ({
    fid: index + 1, key: `pic${index}`, sizeBytes: fileSizeBytes(index), devices: devices.map((device) => device.id),
  }));
  return {
    kernel: ctx.kernel, network: ctx.network, processes: ctx.processes, tcp: profile.tcp,
    proxy: {
      name: 'proxy', ip: '10.0.0.2', tcp: { portRange: values.portRange, twReuse: values.twReuse },
      settings: { port: proxyPort, reproxyMode: values.reproxy },
      onRecord: (record) => {
        if (record.type === 'perlbal.reproxyConnect') proxyCounts.reproxyConnects++;
      },
    },
    tracker: { name: 'tracker', ip: '10.0.0.3', input: { devices, files, mindevcount: Math.min(trackerDefaults.mindevcount, values.storageNodes) } },
    apps: { count: values.appHosts, name: (index) => `app${index + 1}`, ip: (index) => `10.0.1.${index + 1}` },
    storage: {
      count: values.storageNodes, name: storageNames, ip: (index) => `10.0.2.${index + 1}`,
      input: (index) => {
        const stored: Record<string, number> = {};
        for (const file of files) stored[`/dev${index + 1}/${file.fid}.fid`] = file.sizeBytes;
        // closer=proxy: the node waits for the proxy's FIN, so the proxy keeps the TIME_WAIT.
        return { files: stored, closeAfterResponse: values.closer === 'storage' };
      },
    },
    clients: {
      count: values.clientHosts, name: (index) => `client${index + 1}`, ip: (index) => `10.1.${index >> 8}.${(index & 255) + 1}`,
      requestOf: load.requestOf, onRecord: load.onRecord,
    },
  };
}

/** The clients' side: one connection per request, each request ends once, and its latency. */
interface ClientLoad {
  readonly ledger: RequestLedger;
  requestOf(tag: number): HttpRequest;
  onRecord(report: HttpClientReport): void;
}

function clientLoad({ kernel, metrics, params: values }: Context): ClientLoad {
  const ledger = new RequestLedger(metrics, 'http.requests', kernel);
  const onRecord = (report: HttpClientReport): void => {
    switch (report.type) {
      case 'http.response': {
        const tag = ledger.tagOf(report.connId);
        if (report.status >= 200 && report.status < 300) ledger.succeed(tag, kernel.nowUs);
        else ledger.fail(tag, String(report.status), kernel.nowUs);
        ledger.release(report.connId);
        return;
      }
      case 'http.connectFailed':
        ledger.fail(report.tag, report.errno);
        return;
      case 'http.noResponse':
        ledger.failIfOpen(ledger.tagOf(report.connId), report.reason);
        ledger.release(report.connId);
        return;
    }
  };
  // One request per file, made on its first use and never mutated: the path string and
  // its hash are then made once, not on every request for the file.
  const requests: HttpRequest[] = [];
  const requestOf = (tag: number): HttpRequest => {
    const file = tag % values.files;
    return requests[file] ??= {
      kind: 'httpRequest', method: 'GET', path: `${webAppDefaults.userpicPrefix}pic${file}`, version: '1.0', headers: {}, bodyBytes: 0,
    };
  };
  return { ledger, requestOf, onRecord };
}

/**
 * The load generator, plain code, round-robin over the clients: request k at k / ratePerSec
 * s, or with `load` the shape's seeded arrivals (an open model either way). Each request's
 * client connects to the proxy.
 */
function startLoad({ kernel, params: values }: Context, stack: ReproxyStack, load: ClientLoad): void {
  startArrivals(kernel, arrivalSchedule(kernel, values.load, values.ratePerSec, values.durationMs), 'request', (tag) => {
    load.ledger.begin(tag, kernel.nowUs);
    const socket = stack.clients[tag % stack.clients.length]!.connect(stack.proxyEndpoint, tag);
    if (socket) load.ledger.carry(socket.connId, tag);
  });
}

/** The series the charts draw, and the invariants checked at every sample. */
function observe({ kernel, params: values, metrics, series, invariant }: Context, stack: ReproxyStack, load: ClientLoad, proxyCounts: ProxyCounts): void {
  const { proxyHost } = stack;
  const { ledger } = load;
  series.gauge('proxy.tcp.portsInUse', () => proxyHost.ports.portsInUse(kernel.nowUs));
  series.gauge('proxy.tcp.timeWait', () => proxyHost.ports.timeWaitCount(kernel.nowUs));
  // Only the proxy's own connections (to storage and apps): what blocks its connect(), and
  // what `sim reproduce` counts on the real kernel (clients' connections it closed stay out).
  series.gauge('proxy.tcp.timeWaitOutgoing', () => proxyHost.ports.timeWaitOutgoingCount(kernel.nowUs));
  series.perSecond('http.okPerSec', () => ledger.ok);
  series.perSecond('http.failedPerSec', () => ledger.failed);
  series.perSecond('proxy.tcp.eaddrnotavailPerSec', () => proxyHost.counters.connectErrors.EADDRNOTAVAIL);
  series.perSecond('proxy.reproxyConnectsPerSec', () => proxyCounts.reproxyConnects);
  // Latency of the responses of each sample interval (ms): mean, p50 and p99, 0 when none arrived.
  series.latency('http.latencyMs', ledger.latencyWindow);
  metrics.declare('proxy.tcp.firstEaddrnotavailMs');

  invariant('no request ends twice (one response or one connect failure each)', () =>
    (ledger.endedTwice === 0 ? null : `${ledger.endedTwice} requests ended a second time`));
  invariant('proxy ports in use never exceed the port range', () => {
    const inUse = proxyHost.ports.portsInUse(kernel.nowUs);
    return inUse <= values.portRange.high - values.portRange.low + 1 ? null : `${inUse} ports in use on the proxy`;
  });
}

/** The final metrics, once the run stopped. */
/**
 * The quiet phase's predicate: no request failed since the previous sample (the proxy's error
 * rate is back to zero). The first sample after the heal only sets the baseline.
 */
function errorRateBackToZero(ledger: RequestLedger): () => string | null {
  let failedBefore: number | null = null;
  return () => {
    const newFailures = failedBefore === null ? null : ledger.failed - failedBefore;
    failedBefore = ledger.failed;
    if (newFailures === 0) return null;
    return newFailures === null ? 'the error rate is not measured yet' : `${newFailures} request(s) failed in the last sample interval`;
  };
}

function finish({ params: values, metrics, annotate }: Context, stack: ReproxyStack, load: ClientLoad, proxyCounts: ProxyCounts): void {
  const { proxyHost, storageHosts } = stack;
  const { ledger } = load;
  const firstMs = metrics.get('proxy.tcp.firstEaddrnotavailMs');
  if (firstMs != null) annotate({ atMs: firstMs, kind: 'threshold', label: 'first EADDRNOTAVAIL' });
  ledger.flush();
  metrics.set('http.requests.failed.503', ledger.failedFor('503'));
  metrics.set('http.requests.failed.closed', ledger.failedFor('closed'));
  metrics.set('proxy.tcp.eaddrnotavail', proxyHost.counters.connectErrors.EADDRNOTAVAIL);
  metrics.set('proxy.tcp.connectsOpened', proxyHost.counters.connectsOpened);
  metrics.set('proxy.tcp.timeWaitMax', proxyHost.ports.timeWaitMax);
  metrics.set('proxy.tcp.timeWaitOutgoingMax', proxyHost.ports.timeWaitOutgoingMax);
  metrics.set('proxy.tcp.portsInUseMax', proxyHost.ports.portsInUseMax);
  metrics.set('proxy.tcp.portsUsable', connectPortsUsable(values.portRange));
  metrics.set('proxy.reproxyConnects', proxyCounts.reproxyConnects);
  metrics.set('storage.tcp.timeWaitMax', Math.max(...storageHosts.map((host) => host.ports.timeWaitMax)));
  const flat = metrics.flatten();
  for (const suffix of ['p50', 'p99', 'max']) metrics.set(`http.latencyMs.${suffix}`, flat[`http.requests.latencyMs.${suffix}`] ?? null);
}

/** Calls `observe` for every connect error the host counts, before counting it. */
function watchConnectErrors(host: Host, observe: (errno: TcpErrno) => void): void {
  const count = host.countError.bind(host);
  host.countError = (errno: TcpErrno): void => {
    observe(errno);
    count(errno);
  };
}

function expectationsFor(values: Values, profile: Profile, faults: readonly Fault[]): Expectation[] {
  const prediction = predict(values, profile);
  const faultMs = firstFaultMs(values, faults);
  const peakPerSec = peakRatePerSec(values.load, values.ratePerSec);
  // A fault the user asked for is an expected outage: requests held by a dead peer end at
  // Perlbal's client idle sweep, not at once.
  const expectations: Expectation[] = faultMs !== null
    ? [{
        name: "every request ends (ok or failed) within Perlbal's client idle timeout and sweep",
        metric: 'http.requests.inFlightAtEnd', op: '<=', threshold: Math.ceil((peakPerSec * clientWaitMsMax) / 1_000),
      }]
    : [{ name: 'every request ends (ok or failed) by the end of the run', metric: 'http.requests.inFlightAtEnd', op: '<=', threshold: Math.ceil(peakPerSec / 10) }];
  // The port-budget predictions assume an even constant rate: a shaped load is judged by its thresholds only.
  if (values.load !== '') return expectations;
  // A fault before the ports run out changes the destinations in use: the port rules below
  // predict a run whose hosts and paths stay up until the onset at least.
  if (faultMs !== null && (prediction.onsetMs === null || faultMs <= prediction.onsetMs)) return expectations;
  if (values.reproxy === 'keepalive') {
    expectations.push({
      name: 'keep-alive reuses storage connections: a handful of reproxy connects, not one per file',
      // At most one new connection per 5 s idle expiry (DOMAIN.md §3), plus a few for overlaps.
      metric: 'proxy.reproxyConnects', op: '<=', threshold: Math.ceil(values.durationMs / 5_000) + 20,
    });
  }
  if (!prediction.exhausts) {
    return [
      ...expectations,
      { name: 'no connect() fails on the proxy: the port budget is never used up', metric: 'proxy.tcp.eaddrnotavail', op: '==', threshold: 0 },
      { name: 'no EADDRNOTAVAIL, so no onset', metric: 'proxy.tcp.firstEaddrnotavailMs', op: 'null', threshold: null },
      { name: 'no request fails', metric: 'http.requests.failed', op: '==', threshold: 0 },
    ];
  }
  return [
    ...expectations,
    {
      name: 'ports run out once every usable port is held for a destination (usable x destinations / rate)',
      metric: 'proxy.tcp.firstEaddrnotavailMs', op: '~', threshold: prediction.onsetMs, tolerancePct: 2,
    },
    { name: 'every usable ephemeral port gets used', metric: 'proxy.tcp.portsInUseMax', op: '==', threshold: prediction.usable },
    { name: 'clients get 503s once the proxy cannot reach storage', metric: 'http.requests.failed.503', op: '>', threshold: 0 },
  ];
}

function findingsFor(values: Values, metrics: Readonly<Record<string, number | null>>, profile: Profile, faults: readonly Fault[]): string[] {
  const prediction = predict(values, profile);
  const attempted = metrics['http.requests.attempted'] ?? 0;
  const failed = metrics['http.requests.failed'] ?? 0;
  const onsetMs = metrics['proxy.tcp.firstEaddrnotavailMs'] ?? null;
  const reproxyConnects = metrics['proxy.reproxyConnects'] ?? 0;
  const lines = [
    `Clients sent ${values.load === '' ? `${values.ratePerSec} userpic requests per second` : `userpic requests at the load shape "${values.load}"`} through Perlbal; each was answered by an app host with X-REPROXY-URL, ` +
      `and Perlbal fetched the file from ${values.storageNodes} storage node(s) in ${values.reproxy} mode ` +
      `(${reproxyConnects} new reproxy connections for ${attempted} requests).`,
  ];
  if (values.reproxy === 'close') {
    lines.push(
      values.closer === 'proxy'
        ? `Every file used a new connection to storage ip:${storagePort} that the proxy closed, so each left one TIME_WAIT on the proxy for ${(prediction.timeWaitMs / 1_000).toFixed(3)} s. ` +
            `With ${prediction.usable} usable ports per destination the proxy sustains at most ${prediction.storageBoundPerSec.toFixed(0)} reproxied files per second (DOMAIN.md §6); ` +
            `at ${values.ratePerSec}/s the budget is used up after ${(prediction.storageOnsetMs / 1_000).toFixed(2)} s.`
        : `The storage node closed each reproxy connection first, so its TIME_WAIT stayed on the storage host (peak ${metrics['storage.tcp.timeWaitMax']}) ` +
            `and the proxy's port was free as soon as the close completed, though each file still cost a new connection.`,
    );
  } else {
    lines.push(`Perlbal asked for keep-alive and reused idle storage connections, so the ports used for storage stay few whatever the request rate (DOMAIN.md §3, Perlbal 1.01).`);
  }
  if (firstFaultMs(values, faults) !== null) {
    lines.push(
      `Faults: ${faults.map((fault) => fault.text).join('; ')}. When a storage host dies, Perlbal moves a host's waiting files to their next URL when a connect to it fails or is 5 s old ` +
        `and no connection to it is open; files queued behind an open connection to a dead host wait until the client idle sweep closes them ` +
        `(${metrics['http.requests.failed.closed'] ?? 0} requests ended that way).`,
    );
  }
  if (onsetMs !== null) {
    const pct = attempted > 0 ? ((100 * failed) / attempted).toFixed(1) : '0';
    lines.push(
      `Ports ran out at ${(onsetMs / 1_000).toFixed(2)} s (predicted ${prediction.onsetMs === null ? 'none' : `${(prediction.onsetMs / 1_000).toFixed(2)} s`}): ` +
        `connect() on the proxy failed with EADDRNOTAVAIL ${metrics['proxy.tcp.eaddrnotavail']} times and ${failed} of ${attempted} requests failed (${pct} %), ` +
        `${metrics['http.requests.failed.503'] ?? 0} of them with 503. TIME_WAIT on the proxy peaked at ${metrics['proxy.tcp.timeWaitMax']}.`,
    );
  } else {
    lines.push(
      `No connect() on the proxy failed: ${attempted - failed} of ${attempted} requests succeeded; proxy TIME_WAIT peaked at ${metrics['proxy.tcp.timeWaitMax']}, ` +
        `ports in use at ${metrics['proxy.tcp.portsInUseMax']}.`,
    );
  }
  return lines;
}
