import { retryDefaults } from '../sim/models/ndb/apiNode.js';
import { ndbDefaults, type NdbSettings } from '../sim/models/ndb/ndbSettings.js';
import type { FileInput } from '../sim/models/mogilefs/tracker.js';
import { clientWaitMsMax as perlbalClientWaitMsMax } from '../sim/models/perlbal/perlbalClock.js';
import { perlbalDefaults } from '../sim/models/perlbal/proxy.js';
import { connectPortsUsable, sustainableConnectsPerSec } from '../sim/net/portBudget.js';
import type { Expectation } from '../sim/scenario/expectation.js';
import { parseLoadShape, peakRate } from '../sim/scenario/loadShape.js';
import { choiceParam, enumParam, intParam, portRangeParam, textParam, type ParamValues } from '../sim/scenario/param.js';
import type { Profile } from '../sim/scenario/profile.js';
import { defineScenario } from '../sim/scenario/scenario.js';
import { UsageError } from '../sim/scenario/usageError.js';
import { buildLiveJournalStack, storageHostName } from '../sim/topology/liveJournalStack.js';
import { finishTiers, observeTiers, TierCounts } from './liveJournalTiers.js';
import { fileSizeBytes, startTraffic, Traffic } from './liveJournalTraffic.js';

const params = {
  load: textParam({
    description: 'arrivals of all requests together, an open-model load shape, e.g. "diurnal 100/s to 900/s over 60s"',
    defaultValue: 'constant 150/s', pattern: /^(constant|ramp|steps|spike|diurnal) [^\n]{1,200}$/,
    allowed: 'a shape: constant R/s, ramp R/s to R/s over D, steps R/s, R/s at T …, spike R/s xK at T for D, diurnal R/s to R/s over D',
  }),
  pagesPercent: intParam({ description: 'share of arrivals that are pages (one NDB transaction each), in percent', defaultValue: 40, min: 0, max: 100 }),
  uploadsPercent: intParam({ description: 'share of arrivals that are uploads (stored in MogileFS, then a background resize job), in percent; userpics take the rest', defaultValue: 5, min: 0, max: 100 }),
  webHosts: intParam({ description: 'web hosts web1… behind Perlbal, each with its own NDB API node api1…', defaultValue: 2, min: 1, max: 32 }),
  storageNodes: intParam({ description: 'MogileFS storage hosts sto1…, one device each; each userpic on two of them', defaultValue: 3, min: 1, max: 32 }),
  dataNodes: intParam({ description: 'NDB data nodes ndbd1…, two replicas: node groups of two (1-2, 3-4 …)', defaultValue: 4, min: 2, max: 16 }),
  hubs: intParam({ description: 'Gearman job hubs hub1…', defaultValue: 1, min: 1, max: 8 }),
  workers: intParam({ description: 'resize workers worker1…, each connected to every hub', defaultValue: 4, min: 1, max: 200 }),
  resize: enumParam({
    description: "what a resize job does: 'work' reads the file from MogileFS, stores a half-size copy and writes its row in NDB through the worker's own API node; 'wait' only waits resizeMs",
    values: ['work', 'wait'], defaultValue: 'work',
  }),
  resizeMs: intParam({ description: 'with resize=wait, mean time a worker spends on one resize job (exponential), in ms', defaultValue: 50, min: 1, max: 60_000 }),
  reproxy: enumParam({
    description: "Perlbal's reproxy connections to storage: close (before 1.01, one per file) or keepalive (1.01+)",
    values: ['close', 'keepalive'], defaultValue: 'keepalive',
  }),
  monitor: enumParam({
    description: "the tracker's monitor: '2005' only logs an unreachable host; 'modern' marks its device down within a 2.5 s cycle",
    values: ['2005', 'modern'], defaultValue: '2005',
  }),
  mode: enumParam({
    description: "the hubs' answer to a worker lost mid-job: 'requeue' (gearmand) or 'fail' (2005 Perl Gearman::Server)",
    values: ['requeue', 'fail'], defaultValue: 'requeue',
  }),
  portRange: portRangeParam({ description: "the Perlbal host's ip_local_port_range, low-high", defaultValue: (profile) => profile.tcp.portRange }),
  twReuse: choiceParam({ description: 'net.ipv4.tcp_tw_reuse on the Perlbal host: 0 off, 1 on, 2 loopback only', values: [0, 1, 2], defaultValue: (profile) => profile.tcp.twReuse }),
  files: intParam({ description: 'userpics stored', defaultValue: 1_000, min: 1, max: 100_000 }),
  browsers: intParam({ description: 'browser hosts the HTTP load is spread over', defaultValue: 8, min: 1, max: 256 }),
  durationMs: intParam({ description: 'simulated run length in ms', defaultValue: 60_000, min: 1_000, max: 86_400_000 }),
};

type Values = ParamValues<typeof params>;

/** The longest a browser waits on Perlbal (30 s idle timeout plus the sweep, perlbalClock.ts). */
const clientWaitMsMax = perlbalClientWaitMsMax(perlbalDefaults.clientIdleTimeoutMs);

/** Userpic `index` lives on two neighbouring storage hosts (one when there is one). */
function filesOf(values: Values): FileInput[] {
  const copies = Math.min(2, values.storageNodes);
  return Array.from({ length: values.files }, (_, index) => ({
    fid: index + 1, key: `pic${index}`, sizeBytes: fileSizeBytes(index),
    devices: Array.from({ length: copies }, (__, copy) => ((index + copy) % values.storageNodes) + 1),
  }));
}

function ndbSettingsOf(values: Values): NdbSettings {
  if (values.dataNodes % 2 !== 0) throw new UsageError(`scenario livejournal: dataNodes should be even (two replicas), got ${values.dataNodes}`);
  return { ...ndbDefaults, dataNodes: values.dataNodes, partitions: values.dataNodes };
}

/**
 * DOMAIN.md §6 for the proxy: in close mode each reproxied userpic takes one (port,
 * storage host) pair for the TIME_WAIT, so userpics above usable ports × storage hosts
 * / TIME_WAIT per second run the proxy out of ports; pages and keep-alive reproxying hold none.
 */
function portBudget(values: Values, profile: Profile) {
  const timeWaitMs = profile.tcp.timeWaitMs + profile.tcp.timeWaitReapIntervalMs;
  const userpicShare = Math.max(0, 100 - values.pagesPercent - values.uploadsPercent) / 100;
  const userpicPeakPerSec = peakRate(parseLoadShape(values.load)) * userpicShare;
  const boundPerSec = sustainableConnectsPerSec(values.portRange, values.storageNodes, timeWaitMs);
  const blocks = values.reproxy === 'close' && values.twReuse !== 1;
  return { usable: connectPortsUsable(values.portRange), boundPerSec, userpicPeakPerSec, blocks };
}

export const liveJournal = defineScenario({
  name: 'livejournal',
  summary: 'The whole 2005 stack in one run: Perlbal, web hosts, MySQL Cluster pages, MogileFS userpics, Gearman uploads',
  profile: 'linux-modern',
  params,
  durationMs: (values) => values.durationMs,
  build(ctx) {
    const values = ctx.params;
    if (values.pagesPercent + values.uploadsPercent > 100) {
      throw new UsageError(`scenario livejournal: pagesPercent + uploadsPercent should be at most 100, got ${values.pagesPercent + values.uploadsPercent}`);
    }
    const shape = parseLoadShape(values.load);
    const traffic = new Traffic(ctx.kernel, ctx.metrics);
    const counts = new TierCounts();
    const stack = buildLiveJournalStack({
      kernel: ctx.kernel, network: ctx.network, processes: ctx.processes, tcp: ctx.profile.tcp,
      proxyTcp: { portRange: values.portRange, twReuse: values.twReuse }, reproxyMode: values.reproxy,
      webHosts: values.webHosts, storageNodes: values.storageNodes, files: filesOf(values), monitorMode: values.monitor,
      ndb: { settings: ndbSettingsOf(values), retry: retryDefaults },
      hubs: values.hubs, workers: values.workers, workerLossMode: values.mode, resize: values.resize, resizeMsMean: values.resizeMs,
      browsers: values.browsers, requestOf: traffic.requestOf,
      on: { http: traffic.onHttp, proxy: counts.onProxy, tracker: counts.onTracker, ndb: counts.onNdb, job: counts.onJob, upload: traffic.onUpload, work: counts.onWork },
    });
    const budget = portBudget(values, ctx.profile);
    ctx.limit({ name: 'port budget', value: budget.usable, unit: 'ports', source: 'docs/DOMAIN.md §6: the ephemeral range of the proxy', chart: 'proxy' });
    const mix = { pagesPercent: values.pagesPercent, uploadsPercent: values.uploadsPercent, files: values.files, partitions: values.dataNodes };
    // The first arrivals wait for the web hosts' tracker and hub connections (one round trip).
    startTraffic(ctx.kernel, stack, traffic, shape, mix, values.durationMs);
    observeTiers(ctx as never, stack, traffic, counts);
    return { finish: () => finishTiers(ctx as never, stack, traffic, counts) };
  },
  expectations: (values, profile) => expectationsFor(values, profile),
  findings: (values, metrics, _series, profile) => findingsFor(values, metrics, profile),
  headlines: [
    { metric: 'http.pages.failed', label: 'pages failed' },
    { metric: 'http.userpics.failed', label: 'userpics failed' },
    { metric: 'proxy.tcp.firstEaddrnotavailMs', label: 'first EADDRNOTAVAIL', unit: 'ms' },
    { metric: 'ndb.txn.failedAfterRetries', label: 'transactions given up' },
    { metric: 'jobs.completed', label: 'resize jobs completed' },
  ],
  enumerations: { 'ndb.outcome': ['shut down', 'running'] },
  outcome: (_values, metrics) => outcomeOf(metrics),
  charts: [
    { id: 'browsers', title: 'Browsers: pages and userpics answered OK and failed, per second', yLabel: 'per second', series: ['http.pages.okPerSec', 'http.pages.failedPerSec', 'http.userpics.okPerSec', 'http.userpics.failedPerSec'] },
    { id: 'proxy', title: 'Perlbal: ephemeral ports in use', yLabel: 'ports', series: ['proxy.tcp.portsInUse'] },
    { id: 'proxyErrors', title: 'Perlbal: connect() EADDRNOTAVAIL and new reproxy connections, per second', yLabel: 'per second', series: ['proxy.tcp.eaddrnotavailPerSec', 'proxy.reproxyConnectsPerSec'] },
    { id: 'storage', title: 'MogileFS: storage hosts up', yLabel: 'hosts', series: ['mogilefs.storageHostsUp'] },
    { id: 'ndb', title: 'MySQL Cluster: data nodes started', yLabel: 'data nodes', series: ['ndb.nodesStarted'] },
    { id: 'ndbTxn', title: 'MySQL Cluster: transactions committed and aborted (temporary error), per second', yLabel: 'per second', series: ['ndb.committedPerSec', 'ndb.abortedTemporaryPerSec'] },
    { id: 'jobs', title: 'Gearman: resize jobs completed per second, and jobs queued', yLabel: 'jobs', series: ['jobs.completedPerSec', 'jobs.queued'] },
  ],
});

/** Which tier failed, in a clause for the verdict. */
function outcomeOf(metrics: Readonly<Record<string, number | null>>): string {
  const pages = metrics['http.pages.failed'] ?? 0;
  const userpics = metrics['http.userpics.failed'] ?? 0;
  if (pages === 0 && userpics === 0) return 'every page and userpic loaded';
  if (userpics === 0) return 'pages failed while userpics loaded';
  if (pages === 0) return 'userpics failed while pages loaded';
  return 'both pages and userpics failed';
}

/**
 * What holds whatever faults the run adds: every request ends within Perlbal's client wait,
 * and the proxy's port budget decides whether it runs out (DOMAIN.md §6). The health of each
 * tier under a fault is the user's threshold to state (`--expect`, a scenario file's `expect:`).
 */
function expectationsFor(values: Values, profile: Profile): Expectation[] {
  const budget = portBudget(values, profile);
  const peakPerSec = peakRate(parseLoadShape(values.load));
  const expectations: Expectation[] = [{
    name: "every request ends (ok or failed) within Perlbal's client idle timeout and sweep",
    metric: 'http.requests.inFlightAtEnd', op: '<=', threshold: Math.ceil((peakPerSec * clientWaitMsMax) / 1_000),
  }];
  // Ports run out when userpics outpace the bound by a margin the arrivals' noise cannot close.
  if (!budget.blocks || budget.userpicPeakPerSec < budget.boundPerSec * 0.8) {
    expectations.push({ name: 'the proxy never runs out of ports', metric: 'proxy.tcp.eaddrnotavail', op: '==', threshold: 0 });
  }
  return expectations;
}

function findingsFor(values: Values, metrics: Readonly<Record<string, number | null>>, profile: Profile): string[] {
  const budget = portBudget(values, profile);
  const findings = [
    `Browsers: ${metrics['http.pages.ok']} pages and ${metrics['http.userpics.ok']} userpics loaded, ${metrics['http.pages.failed']} pages and ${metrics['http.userpics.failed']} userpics failed.`,
    `MySQL Cluster ${metrics['ndb.outcome'] === 1 ? 'kept running' : 'shut down'} with ${metrics['ndb.nodesStartedAtEnd']} of ${values.dataNodes} data nodes started; ${metrics['ndb.txn.committed']} page transactions committed, ${metrics['ndb.txn.failedAfterRetries']} given up.`,
    `Uploads: ${metrics['http.uploads.ok']} stored, ${metrics['http.uploads.failed']} failed; Gearman completed ${metrics['jobs.completed']} of ${metrics['jobs.submitted']} resize jobs (${metrics['jobs.failed']} failed), ${metrics['jobs.queuedAtEnd']} still queued at the end; ${metrics['mogilefs.resized']} resized copies stored, ${metrics['ndb.jobRows.committed']} job rows committed.`,
  ];
  const firstMs = metrics['proxy.tcp.firstEaddrnotavailMs'];
  if (firstMs != null) {
    findings.push(`Perlbal ran out of ports at ${Math.round(firstMs)} ms: close-mode reproxying sustains ${Math.round(budget.boundPerSec)} userpics/s over ${values.storageNodes} storage hosts (DOMAIN.md §6), the peak asked ${Math.round(budget.userpicPeakPerSec)}/s.`);
  }
  const down = Array.from({ length: values.storageNodes }, (_, index) => storageHostName(index)).length - (metrics['mogilefs.storageHostsUpAtEnd'] ?? 0);
  if (down > 0) findings.push(`${down} storage host(s) down at the end; the tracker marked ${metrics['tracker.devicesMarkedDown']} device(s) down (monitor ${values.monitor}).`);
  return findings;
}
