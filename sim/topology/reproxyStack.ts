import type { EmittedFrom, InputFrom } from 'xstate';
import type { RecordOf } from '../contract/processEffect.js';
import type { Kernel } from '../kernel/kernel.js';
import { webAppDefaults, webAppMachine, type WebAppInput, type WebAppRecord } from '../models/app/webApp.js';
import { httpClientMachine, type HttpClientReport } from '../models/http/httpClient.js';
import type { HttpRequest } from '../models/http/httpMessage.js';
import { storageNodeMachine } from '../models/mogilefs/storageNode.js';
import { trackerDefaults, trackerMachine } from '../models/mogilefs/tracker.js';
import { perlbalDefaults, perlbalMachine, type PerlbalInput, type PerlbalReport } from '../models/perlbal/proxy.js';
import type { Host } from '../net/host.js';
import type { Network } from '../net/network.js';
import type { Endpoint } from '../net/portTable.js';
import { SimProcess } from '../net/simProcess.js';
import type { Supervisor } from '../net/supervisor.js';
import type { TcpSettings } from '../net/tcpSettings.js';

/** Hosts of one role: how many, and each one's name and address. */
export interface HostGroup {
  readonly count: number;
  name(index: number): string;
  ip(index: number): string;
}

type TrackerInput = InputFrom<typeof trackerMachine>;
type StorageNodeInput = InputFrom<typeof storageNodeMachine>;
export type TrackerRecord = RecordOf<EmittedFrom<typeof trackerMachine>>;

/** Everything that differs between scenarios built on the reproxy stack. */
export interface ReproxyStackSpec {
  readonly kernel: Kernel;
  readonly network: Network;
  /**
   * Where the servers (storage nodes, tracker, apps, Perlbal) are spawned by name, so the
   * fault language's `crash HOST at T for D`, `restart HOST` and `kill PROCESS` act on them.
   */
  readonly processes: Supervisor;
  /** TCP settings of every host (the profile's); the proxy host may override some. */
  readonly tcp: Partial<TcpSettings>;
  readonly proxy: {
    readonly name: string;
    readonly ip: string;
    readonly tcp?: Partial<TcpSettings>;
    /** Perlbal's settings; the app hosts are its backends and its random stream is the kernel's `perlbal`. */
    readonly settings: Omit<PerlbalInput, 'backends' | 'random'>;
    readonly onRecord?: (record: PerlbalReport) => void;
  };
  readonly tracker: {
    readonly name: string;
    readonly ip: string;
    /** The tracker's input but its random stream (the kernel's `tracker`). */
    readonly input: Omit<TrackerInput, 'random'>;
    readonly onRecord?: (record: TrackerRecord) => void;
  };
  readonly apps: HostGroup & {
    /** Where app `index` sends pages that need the database (webApp.ts `pages`); none: pages are answered directly. */
    pages?(index: number): WebAppInput['pages'];
    /** Requests under this prefix are uploads stored through the tracker (webApp.ts `uploadPrefix`). */
    uploadPrefix?: string;
    /** Told what app `index` records (a stored upload). */
    onRecord?(index: number, record: WebAppRecord): void;
  };
  readonly storage: HostGroup & {
    /** The process's name on its host (its trace name); the host's name when absent. */
    processName?(index: number): string;
    input(index: number): StorageNodeInput;
  };
  readonly clients: HostGroup & {
    /** The request a connection with this tag carries. */
    requestOf(tag: number): HttpRequest;
    onRecord(record: HttpClientReport): void;
  };
}

/** The running stack: its hosts and the processes a scenario drives or watches. */
export interface ReproxyStack {
  readonly proxyHost: Host;
  /** Where clients connect: Perlbal's listening address. */
  readonly proxyEndpoint: Endpoint;
  readonly trackerHost: Host;
  readonly tracker: SimProcess<typeof trackerMachine>;
  readonly appHosts: readonly Host[];
  readonly storageHosts: readonly Host[];
  readonly storageNodes: readonly SimProcess<typeof storageNodeMachine>[];
  readonly clients: readonly SimProcess<typeof httpClientMachine>[];
}

function addHosts(spec: ReproxyStackSpec, group: HostGroup): Host[] {
  return Array.from({ length: group.count }, (_, index) => spec.network.addHost(group.name(index), group.ip(index), spec.tcp));
}

/**
 * The LiveJournal userpic path of 2005 (Perlbal reproxying, MogileFS get_paths): clients → Perlbal → web app hosts
 * → MogileFS tracker, and Perlbal reproxying each file from the storage nodes the tracker
 * named. Processes start in one order, the order requests flow back: storage nodes, the
 * tracker, the apps, Perlbal, then the clients (which only connect when the load says).
 */
export function buildReproxyStack(spec: ReproxyStackSpec): ReproxyStack {
  const { kernel, network, processes } = spec;
  const storageHosts = addHosts(spec, spec.storage);
  const storageNodes = storageHosts.map((host, index) => {
    const name = spec.storage.processName?.(index) ?? host.name;
    return processes.spawn(host, name, () => new SimProcess(network, host, name, storageNodeMachine, spec.storage.input(index)));
  });
  const trackerHost = network.addHost(spec.tracker.name, spec.tracker.ip, spec.tcp);
  const trackerRandom = kernel.stream('tracker');
  const tracker = processes.spawn(trackerHost, 'tracker', () =>
    new SimProcess(network, trackerHost, 'tracker', trackerMachine, { ...spec.tracker.input, random: () => trackerRandom.float() }, spec.tracker.onRecord));
  const appHosts = addHosts(spec, spec.apps);
  appHosts.forEach((host, index) => {
    const pages = spec.apps.pages?.(index);
    const uploadPrefix = spec.apps.uploadPrefix;
    const input = { ...webAppDefaults, tracker: { host: trackerHost.name, port: trackerDefaults.port }, ...(pages ? { pages } : {}), ...(uploadPrefix ? { uploadPrefix } : {}) };
    processes.spawn(host, host.name, () => new SimProcess(network, host, host.name, webAppMachine, input, (record) => spec.apps.onRecord?.(index, record)));
  });
  const proxyHost = network.addHost(spec.proxy.name, spec.proxy.ip, { ...spec.tcp, ...spec.proxy.tcp });
  const perlbalRandom = kernel.stream('perlbal');
  const backends = appHosts.map((host) => ({ host: host.name, port: webAppDefaults.port }));
  processes.spawn(proxyHost, 'perlbal', () =>
    new SimProcess(network, proxyHost, 'perlbal', perlbalMachine, { ...spec.proxy.settings, backends, random: () => perlbalRandom.float() }, spec.proxy.onRecord));
  // The clients are the load, not the system: not supervised, so a crashed client stays down.
  const clientHosts = addHosts(spec, spec.clients);
  const { requestOf, onRecord } = spec.clients;
  const clients = clientHosts.map((host) => new SimProcess(network, host, host.name, httpClientMachine, { requestOf }, onRecord));
  const proxyEndpoint = { ip: proxyHost.ip, port: spec.proxy.settings.port ?? perlbalDefaults.port };
  return { proxyHost, proxyEndpoint, trackerHost, tracker, appHosts, storageHosts, storageNodes, clients };
}
