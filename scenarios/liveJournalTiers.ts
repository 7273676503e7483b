import type { GrabEvent } from '../sim/contract/grabHistory.js';
import { jobRowTagBase } from '../sim/models/app/resizeJob.js';
import type { JobWorkRecord } from '../sim/models/jobhub/jobWork.js';
import type { PerlbalReport } from '../sim/models/perlbal/proxy.js';
import type { TcpErrno } from '../sim/contract/tcpEvent.js';
import type { Host } from '../sim/net/host.js';
import type { ScenarioContext } from '../sim/scenario/scenario.js';
import type { StampedRecord } from '../sim/topology/ndbCluster.js';
import type { LiveJournalStack } from '../sim/topology/liveJournalStack.js';
import type { TrackerRecord } from '../sim/topology/reproxyStack.js';
import type { Traffic } from './liveJournalTraffic.js';

/** What each tier's processes told the scenario, counted as it happened. */
export class TierCounts {
  readonly proxy = { reproxyConnects: 0, responses503: 0, eaddrnotavail: 0 };
  readonly tracker = { devicesMarkedDown: 0, monitorLogs: 0, replicated: 0 };
  readonly ndb = { committed: 0, abortedTemporary: 0, failedAfterRetries: 0 };
  /** Rows written by resize jobs (tags from jobRowTagBase), apart from pages' transactions. */
  readonly jobRows = { committed: 0, failed: 0 };
  /** Resized copies stored (create_close answered), and where failed jobs stopped: read, store, recorded. */
  readonly work = { resized: 0, failedAt: { read: 0, store: 0, recorded: 0 } as Record<string, number> };
  readonly jobs = { submitted: 0, assigned: 0, completed: 0, failed: 0, requeued: 0, workersLost: 0 };

  onProxy = (record: PerlbalReport): void => {
    if (record.type === 'perlbal.reproxyConnect') this.proxy.reproxyConnects++;
    else if (record.type === 'perlbal.response' && record.status === 503) this.proxy.responses503++;
  };

  onTracker = (record: TrackerRecord): void => {
    if (record.type === 'mogilefs.deviceMarked' && record.status === 'down') this.tracker.devicesMarkedDown++;
    if (record.type === 'mogilefs.monitorLog') this.tracker.monitorLogs++;
    if (record.type === 'mogilefs.replicated') this.tracker.replicated++;
  };

  onNdb = (record: StampedRecord): void => {
    if ('tag' in record && record.tag >= jobRowTagBase) {
      if (record.type === 'txn.committed') this.jobRows.committed++;
      else if (record.type === 'txn.failedAfterRetries') this.jobRows.failed++;
      return;
    }
    if (record.type === 'txn.committed') this.ndb.committed++;
    else if (record.type === 'txn.abortedTemporary') this.ndb.abortedTemporary++;
    else if (record.type === 'txn.failedAfterRetries') this.ndb.failedAfterRetries++;
  };

  onWork = (record: JobWorkRecord): void => {
    if (record.ok && record.step === 'stored') this.work.resized++;
    else if (!record.ok) this.work.failedAt[record.step] = (this.work.failedAt[record.step] ?? 0) + 1;
  };

  onJob = (event: GrabEvent): void => {
    switch (event.kind) {
      case 'submitted': this.jobs.submitted++; return;
      case 'assigned': this.jobs.assigned++; return;
      case 'completed': this.jobs.completed++; return;
      case 'failed': this.jobs.failed++; return;
      case 'requeued': this.jobs.requeued++; return;
      case 'workerLost': this.jobs.workersLost++; return;
      default: return;
    }
  };
}

/** Calls `observe` for every connect error the host counts, before counting it. */
function watchConnectErrors(host: Host, observe: (errno: TcpErrno) => void): void {
  const count = host.countError.bind(host);
  host.countError = (errno: TcpErrno): void => {
    observe(errno);
    count(errno);
  };
}

type Context = ScenarioContext<unknown>;

/**
 * Each tier's health per sample, on the run's one time axis: what browsers got per kind,
 * the proxy's ports, the storage hosts up, the cluster's started data nodes and commits,
 * the hubs' queue and completions. A cascade shows as one tier's line moving before another's.
 */
export function observeTiers({ kernel, metrics, series, invariant }: Context, stack: LiveJournalStack, traffic: Traffic, counts: TierCounts): void {
  const { proxyHost, storageHosts } = stack.reproxy;
  watchConnectErrors(proxyHost, (errno) => {
    if (errno === 'EADDRNOTAVAIL') metrics.first('proxy.tcp.firstEaddrnotavailMs', kernel.nowUs / 1_000);
  });
  metrics.declare('proxy.tcp.firstEaddrnotavailMs');
  series.perSecond('http.pages.okPerSec', () => traffic.counts.pages.ok);
  series.perSecond('http.pages.failedPerSec', () => traffic.counts.pages.failed);
  series.perSecond('http.userpics.okPerSec', () => traffic.counts.userpics.ok);
  series.perSecond('http.userpics.failedPerSec', () => traffic.counts.userpics.failed);
  series.gauge('proxy.tcp.portsInUse', () => proxyHost.ports.portsInUse(kernel.nowUs));
  series.perSecond('proxy.tcp.eaddrnotavailPerSec', () => proxyHost.counters.connectErrors.EADDRNOTAVAIL);
  series.perSecond('proxy.reproxyConnectsPerSec', () => counts.proxy.reproxyConnects);
  series.gauge('mogilefs.storageHostsUp', () => storageHosts.filter((host) => host.up).length);
  series.gauge('ndb.nodesStarted', () => countStarted(stack));
  series.perSecond('ndb.committedPerSec', () => counts.ndb.committed);
  series.perSecond('ndb.abortedTemporaryPerSec', () => counts.ndb.abortedTemporary);
  series.perSecond('jobs.completedPerSec', () => counts.jobs.completed);
  series.gauge('jobs.queued', () => counts.jobs.submitted - counts.jobs.completed - counts.jobs.failed);
  invariant('no request ends twice (one response or one failure each)', () =>
    (traffic.ledger.endedTwice === 0 ? null : `${traffic.ledger.endedTwice} requests ended a second time`));
}

function countStarted(stack: LiveJournalStack): number {
  let started = 0;
  for (let id = 1; id <= stack.ndb.settings.dataNodes; id++) if (stack.ndb.status(id) === 'started') started++;
  return started;
}

/** The final metrics of every tier: `http.`, `proxy.`, `tracker.`/`mogilefs.`, `ndb.`, `jobs.`. */
export function finishTiers({ metrics, annotate }: Context, stack: LiveJournalStack, traffic: Traffic, counts: TierCounts): void {
  const { proxyHost, storageHosts } = stack.reproxy;
  traffic.flush();
  const firstMs = metrics.get('proxy.tcp.firstEaddrnotavailMs');
  if (firstMs != null) annotate({ atMs: firstMs, kind: 'threshold', label: 'proxy: first EADDRNOTAVAIL' });
  metrics.set('proxy.tcp.eaddrnotavail', proxyHost.counters.connectErrors.EADDRNOTAVAIL);
  metrics.set('proxy.tcp.portsInUseMax', proxyHost.ports.portsInUseMax);
  metrics.set('proxy.tcp.timeWaitMax', proxyHost.ports.timeWaitMax);
  metrics.set('proxy.reproxyConnects', counts.proxy.reproxyConnects);
  metrics.set('proxy.responses503', counts.proxy.responses503);
  metrics.set('tracker.devicesMarkedDown', counts.tracker.devicesMarkedDown);
  metrics.set('tracker.monitorLogs', counts.tracker.monitorLogs);
  metrics.set('tracker.filesReplicated', counts.tracker.replicated);
  metrics.set('mogilefs.storageHostsUpAtEnd', storageHosts.filter((host) => host.up).length);
  metrics.set('ndb.outcome', stack.ndb.running() ? 1 : 0);
  metrics.set('ndb.nodesStartedAtEnd', countStarted(stack));
  metrics.set('ndb.txn.committed', counts.ndb.committed);
  metrics.set('ndb.txn.abortedTemporary', counts.ndb.abortedTemporary);
  metrics.set('ndb.txn.failedAfterRetries', counts.ndb.failedAfterRetries);
  for (const [name, value] of Object.entries(counts.jobs)) metrics.set(`jobs.${name}`, value);
  metrics.set('mogilefs.resized', counts.work.resized);
  metrics.set('ndb.jobRows.committed', counts.jobRows.committed);
  metrics.set('ndb.jobRows.failedAfterRetries', counts.jobRows.failed);
  for (const [step, failed] of Object.entries(counts.work.failedAt)) metrics.set(`jobs.failedAt.${step}`, failed);
  metrics.set('jobs.queuedAtEnd', counts.jobs.submitted - counts.jobs.completed - counts.jobs.failed);
}
