import type { GrabEvent } from '../contract/grabHistory.js';
import type { Kernel } from '../kernel/kernel.js';
import { ndbPageAppDefaults, ndbPagePrefix } from '../models/app/ndbPageApp.js';
import { resizeJobPlan } from '../models/app/resizeJob.js';
import type { WebAppRecord } from '../models/app/webApp.js';
import type { HttpClientReport } from '../models/http/httpClient.js';
import type { HttpRequest } from '../models/http/httpMessage.js';
import { jobClientMachine, type JobClientReport } from '../models/jobhub/client.js';
import type { WorkerLossMode } from '../models/jobhub/jobHubSettings.js';
import type { JobWorkRecord } from '../models/jobhub/jobWork.js';
import type { jobHubMachine } from '../models/jobhub/server.js';
import { trackerDefaults, type FileInput, type MonitorMode } from '../models/mogilefs/tracker.js';
import type { RetryPolicy } from '../models/ndb/apiNode.js';
import type { NdbSettings } from '../models/ndb/ndbSettings.js';
import type { PerlbalReport } from '../models/perlbal/proxy.js';
import type { Network } from '../net/network.js';
import type { Supervisor } from '../net/supervisor.js';
import { SimProcess } from '../net/simProcess.js';
import type { TcpSettings } from '../net/tcpSettings.js';
import { addJobHub, addJobWorker, hubAddress } from './hubTopology.js';
import { NdbCluster, type StampedRecord } from './ndbCluster.js';
import { buildReproxyStack, type ReproxyStack, type ReproxyStackSpec, type TrackerRecord } from './reproxyStack.js';

/** The function every upload's background job calls: make the userpic's resized copy. */
export const resizeFunction = 'resize';

/** Where browsers PUT a new userpic (`/upload/<key>`). */
export const uploadPrefix = '/upload/';

/** The sizes and switches of the stack; every count is at least 1. */
export interface LiveJournalStackSpec {
  readonly kernel: Kernel;
  readonly network: Network;
  /** Every process is spawned through it, so `kill`, `crash … for D` and `restart` act on them by name. */
  readonly processes: Supervisor;
  readonly tcp: Partial<TcpSettings>;
  /** The Perlbal host's own port range and tcp_tw_reuse (where ports run out). */
  readonly proxyTcp: Pick<TcpSettings, 'portRange' | 'twReuse'>;
  readonly reproxyMode: 'close' | 'keepalive';
  readonly webHosts: number;
  readonly storageNodes: number;
  /** Userpics stored, each on two storage hosts (one when there is one host). */
  readonly files: readonly FileInput[];
  readonly monitorMode: MonitorMode;
  readonly ndb: { readonly settings: NdbSettings; readonly retry: RetryPolicy };
  readonly hubs: number;
  readonly workers: number;
  readonly workerLossMode: WorkerLossMode;
  /**
   * `work`: each resize job reads the file through the tracker, stores a copy of half its
   * bytes and writes its row through the worker's own API node (resizeJob.ts); `wait`: a
   * timed wait of mean `resizeMsMean`.
   */
  readonly resize: 'work' | 'wait';
  readonly resizeMsMean: number;
  readonly browsers: number;
  readonly requestOf: (tag: number) => HttpRequest;
  readonly on: {
    http(report: HttpClientReport): void;
    proxy(record: PerlbalReport): void;
    tracker(record: TrackerRecord): void;
    ndb(record: StampedRecord): void;
    job(event: GrabEvent): void;
    /** What a web host's Gearman client says of the resize jobs it submitted. */
    upload(report: JobClientReport): void;
    /** A step of a resize job done or failed (stored, recorded), from the worker. */
    work(record: JobWorkRecord): void;
  };
}

/** The running stack: the userpic path (Perlbal, apps, tracker, storage), the cluster, the job hubs. */
export interface LiveJournalStack {
  readonly reproxy: ReproxyStack;
  readonly ndb: NdbCluster;
  readonly hubs: readonly SimProcess<typeof jobHubMachine>[];
  /** One Gearman client per web host, as each Apache child held a Gearman::Client. */
  readonly uploaders: readonly string[];
}

/** The name of storage host `index` (0-based): `sto1`, `sto2` … as DOMAIN.md's examples call them. */
export function storageHostName(index: number): string {
  return `sto${index + 1}`;
}

/**
 * The LiveJournal stack of 2005 in one network: browsers → Perlbal → web hosts `web1…`;
 * userpics reproxied from MogileFS (`tracker`, `sto1…`, sim/topology/reproxyStack.ts);
 * pages through each web host's own API node `api1…` of MySQL Cluster (`ndbd1…`, `mgm`,
 * ndbCluster.ts); uploads stored through the tracker on a storage host, then submitted as
 * background jobs to the hubs `hub1…`, worked by `worker1…` (hubTopology.ts). Every process is an existing model; this only wires them.
 */
export function buildLiveJournalStack(spec: LiveJournalStackSpec): LiveJournalStack {
  const { network, processes } = spec;
  // Web hosts' API nodes api1…apiN, then one per worker: a Perl worker held its own DB handle.
  const apiNodes = spec.webHosts + (spec.resize === 'work' ? spec.workers : 0);
  const ndb = new NdbCluster(network, {
    settings: spec.ndb.settings, apiNodes, retry: spec.ndb.retry, tcp: spec.tcp, pages: true, onRecord: spec.on.ndb, processes,
  });
  const hubNames = Array.from({ length: spec.hubs }, (_, index) => `hub${index + 1}`);
  const hubs = hubNames.map((name, index) => addJobHub(network, { name, ip: `10.0.3.${index + 1}`, tcp: spec.tcp }, {
    hostName: name, workerLossMode: spec.workerLossMode,
  }, (event) => spec.on.job(event), processes));
  const addresses = hubNames.map(hubAddress);
  for (let index = 0; index < spec.workers; index++) {
    const work = spec.resize === 'work' ? { work: resizeWork(spec, ndb.apiNames[spec.webHosts + index]!) } : {};
    addJobWorker(network, { name: `worker${index + 1}`, ip: `10.0.4.${index + 1}`, tcp: spec.tcp }, {
      hubs: addresses, functions: [resizeFunction], workMsMean: spec.resizeMsMean, ...work,
    }, `worker${index + 1}`, processes, spec.on.work);
  }
  const uploaders: string[] = [];
  let jobsSubmitted = 0;
  // The upload handler submits the resize job once the file is stored, as LJ's did through
  // its Gearman::Client: the client here is its own process on the web host, told in step.
  const stored = (index: number, record: WebAppRecord): void => {
    const tag = jobsSubmitted++;
    // The running incarnation: a killed or restarted client is a new process of the same name.
    const uploader = processes.current(uploaders[index]!) as SimProcess<typeof jobClientMachine> | undefined;
    uploader?.sim.send({
      type: 'submit', tag, hub: tag % hubs.length, func: resizeFunction, unique: '', data: `${record.key}:${record.fid}`, priority: 'normal', background: true,
    });
  };
  const reproxy = buildReproxyStack(reproxySpec(spec, ndb, stored));
  for (const host of reproxy.appHosts) {
    const name = `gearman.${host.name}`;
    processes.spawn(host, name, () => new SimProcess(network, host, name, jobClientMachine, { name, hubs: addresses, reconnectMs: 1_000 }, spec.on.upload));
    uploaders.push(name);
  }
  return { reproxy, ndb, hubs, uploaders };
}

/** A worker's resize plan: the tracker, its own API node, a 3 s bound on each exchange (MogileFS::Client's default timeout). */
function resizeWork(spec: LiveJournalStackSpec, apiName: string) {
  return resizeJobPlan({
    tracker: { host: 'tracker', port: trackerDefaults.port }, api: { host: apiName, port: ndbPageAppDefaults.httpPort },
    partitions: spec.ndb.settings.partitions, stepTimeoutMs: 3_000,
  });
}

/** The userpic path: Perlbal `perlbal`, web hosts `web1…` sending pages to their API node, the tracker, storage hosts. */
function reproxySpec(spec: LiveJournalStackSpec, ndb: NdbCluster, stored: (index: number, record: WebAppRecord) => void): ReproxyStackSpec {
  const devices = Array.from({ length: spec.storageNodes }, (_, index) => ({ id: index + 1, host: storageHostName(index), freeBytes: 1_000_000_000_000 }));
  return {
    kernel: spec.kernel, network: spec.network, processes: spec.processes, tcp: spec.tcp,
    proxy: { name: 'perlbal', ip: '10.0.0.2', tcp: spec.proxyTcp, settings: { port: 80, reproxyMode: spec.reproxyMode }, onRecord: spec.on.proxy },
    tracker: {
      name: 'tracker', ip: '10.0.0.3', onRecord: spec.on.tracker,
      input: { devices, files: [...spec.files], monitorMode: spec.monitorMode, mindevcount: Math.min(2, spec.storageNodes) },
    },
    apps: {
      count: spec.webHosts, name: (index) => `web${index + 1}`, ip: (index) => `10.0.1.${index + 1}`,
      pages: (index) => ({ host: ndb.apiNames[index]!, port: ndbPageAppDefaults.httpPort, prefix: ndbPagePrefix }),
      uploadPrefix, onRecord: stored,
    },
    storage: {
      count: spec.storageNodes, name: storageHostName, ip: (index) => `10.0.2.${index + 1}`,
      input: (index) => {
        const stored: Record<string, number> = {};
        for (const file of spec.files) if (file.devices.includes(index + 1)) stored[`/dev${index + 1}/${file.fid}.fid`] = file.sizeBytes;
        // mogstored waits for Perlbal's FIN (as in docs/seed-post.md): the proxy closes first and keeps the TIME_WAIT.
        return { files: stored, closeAfterResponse: false };
      },
    },
    clients: {
      count: spec.browsers, name: (index) => `browser${index + 1}`, ip: (index) => `10.1.${index >> 8}.${(index & 255) + 1}`,
      requestOf: spec.requestOf, onRecord: spec.on.http,
    },
  };
}
