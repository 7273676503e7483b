import { ConnectionTable } from '../../contract/connectionTable.js';
import { Outbox } from '../../contract/outbox.js';
import { deviceStatuses, effectiveStatus, type Device, type DeviceStatus } from './device.js';
import { deviceFacts, deviceLifecycle, startDevice } from './deviceLifecycle.js';
import { DeleteWorker } from './deleteWorker.js';
import { hostFacts, hostLifecycle, type HostStatus } from './hostLifecycle.js';
import { FileIndex } from './fileIndex.js';
import { ReplicateWorker, type ReplicateHost } from './replicateWorker.js';
import { StorageCalls } from './storageCalls.js';
import { newStorageHost, type StorageHost } from './storageHost.js';
import { runCommand } from './trackerCommands.js';
import type { TrackerOutbox, TrackerRecord } from './trackerEffect.js';
import { isKnownCommand, isTrackerRequest, type TrackerReply, type TrackerRequest } from './trackerMessage.js';
import type { TrackerInput, TrackerSettings } from './trackerSettings.js';
import type { TrackerTimer } from './trackerTimer.js';

export type { TrackerTimer } from './trackerTimer.js';

/** A client request waiting out its query cost (and, for get_paths, its size check). */
interface Query {
  readonly connId: number;
  readonly request: TrackerRequest;
  reply: TrackerReply | null;
}

/**
 * The tracker as plain data: the device and host tables (each entry with its lifecycle
 * state), the file index, queries waiting out their cost, its connections to storage nodes,
 * and the replicate and delete workers. `trackerMachine` calls one method per event and
 * emits what the outbox collected, in order.
 */
export class TrackerState implements ReplicateHost {
  readonly devices = new Map<number, Device>();
  readonly hosts = new Map<string, StorageHost>();
  readonly index = new FileIndex();
  readonly out: TrackerOutbox = new Outbox<TrackerRecord, TrackerTimer>();
  readonly random: () => number;
  readonly calls: StorageCalls;
  readonly deletes: DeleteWorker;
  readonly replicator: ReplicateWorker;
  // Query and connection ids are handed out in increasing order and most queries end soon:
  // ConnectionTables, not Maps, which with one query at a time would empty (and have V8
  // allocate a new table) once per query.
  private readonly queries = new ConnectionTable<Query>();
  /** Per client connection, its queries in arrival order: replies go out in that order. */
  private readonly replyOrder = new ConnectionTable<number[]>();
  private queriesIssued = 0;
  private fidLast = 0;

  constructor(
    readonly settings: TrackerSettings,
    input: TrackerInput,
  ) {
    this.random = input.random;
    // The listen goes out first, before whatever the seeded files and the monitor queue.
    this.out.emit({ type: 'tcp.listen', port: settings.port, backlog: settings.backlog });
    this.calls = new StorageCalls(this.out, settings.connTimeoutMs, settings.nodeTimeoutMs);
    this.deletes = new DeleteWorker(this.out, this.calls, this.devices, settings.deleteRetryMs);
    this.replicator = new ReplicateWorker(this);
    for (const { id, host, status = 'alive', freeBytes, weight = 100 } of input.devices) {
      if (this.devices.has(id)) throw new Error(`trackerMachine input.devices: device ${id} is listed twice`);
      if (!deviceStatuses.includes(status)) throw new Error(`trackerMachine input.devices: device ${id} has unknown status ${status}`);
      let storageHost = this.hosts.get(host);
      if (!storageHost) {
        storageHost = newStorageHost(host);
        this.hosts.set(host, storageHost);
      }
      this.devices.set(id, { id, host, storageHost, state: startDevice(status), freeBytes, weight });
    }
    for (const file of input.files ?? []) {
      this.index.add({ fid: file.fid, key: file.key, sizeBytes: file.sizeBytes, devices: [...file.devices] });
      this.fidLast = Math.max(this.fidLast, file.fid);
    }
    for (const file of input.files ?? []) this.queueReplication(file.fid);
    for (const device of this.devices.values()) if (deviceFacts[device.state].drain) this.queueDrain(device.id);
    if (settings.monitorMode === 'modern') this.armMonitor();
  }

  get mindevcount(): number {
    return this.settings.mindevcount;
  }

  allocateFid(): number {
    this.fidLast += 1;
    return this.fidLast;
  }

  /** A request waits out the metadata query cost, then runs and is answered. */
  receive(connId: number, message: unknown): void {
    if (!isTrackerRequest(message) || !isKnownCommand(message)) {
      const command = isTrackerRequest(message) ? String(message.command) : '';
      this.queue(connId).push(this.issue({ connId, request: message as TrackerRequest, reply: { kind: 'trackerReply', ok: false, command, error: 'unknown_command' } }));
      this.sendReady(connId);
      return;
    }
    const queryId = this.issue({ connId, request: message, reply: null });
    this.queue(connId).push(queryId);
    // A free query is answered in the same step, as before the cost existed; a timer of 0 would come later.
    if (this.settings.queryCostMs === 0) this.finishQuery(queryId);
    else this.out.startTimer(`query-${queryId}`, this.settings.queryCostMs, { type: 'tracker.queryDone', queryId });
  }

  finishQuery(queryId: number): void {
    const query = this.queries.get(queryId);
    if (!query || query.reply) throw new Error(`tracker: query ${queryId} finished twice or never started`);
    runCommand(this, query.request, (reply) => {
      query.reply = reply;
      this.sendReady(query.connId);
    });
  }

  /** Queues a file for the replicate worker unless it is queued already. */
  queueReplication(fid: number): void {
    this.replicator.enqueue(fid);
  }

  /**
   * `mogadm device mark`: the device lifecycle decides what may follow what (dead is final).
   * Dead drops its copies and re-replicates them; drain moves them off.
   */
  markDevice(deviceId: number, status: DeviceStatus): void {
    const device = this.devices.get(deviceId);
    if (!device) throw new Error(`tracker: admin marked unknown device ${deviceId}`);
    if (deviceFacts[device.state].status !== status) {
      if (!deviceLifecycle.can(device.state, `mark.${status}`)) {
        throw new Error(`tracker: admin marked device ${deviceId} ${status}, but it is ${device.state}: dead is permanent (MogileFS DeviceState.pm)`);
      }
      device.state = deviceLifecycle.next(device.state, `mark.${status}`);
    }
    this.out.emit({ type: 'mogilefs.deviceMarked', device: deviceId, status, by: 'admin' });
    if (status === 'drain') this.queueDrain(deviceId);
    if (status !== 'dead') return;
    for (const file of this.index.onDevice(deviceId)) {
      file.devices = file.devices.filter((id) => id !== deviceId);
      this.queueReplication(file.fid);
    }
  }

  /** `mogadm host mark`: a host marked down takes its devices out of reads and writes; marked alive, back. */
  markHost(name: string, status: HostStatus): void {
    const host = this.hostNamed(name);
    if (hostFacts[host.state].status !== status) host.state = hostLifecycle.next(host.state, `mark.${status}`);
    this.out.emit({ type: 'mogilefs.hostMarked', host: name, status });
  }

  /** The host stops answering. The 2005 monitor only logged it. */
  hostUnreachable(name: string): void {
    const host = this.hostNamed(name);
    if (hostLifecycle.can(host.state, 'probe.failed')) host.state = hostLifecycle.next(host.state, 'probe.failed');
    this.replicator.hostLost(name);
    if (this.settings.monitorMode === '2005') this.out.emit({ type: 'mogilefs.monitorLog', host: name });
  }

  hostReachable(name: string): void {
    const host = this.hostNamed(name);
    if (hostLifecycle.can(host.state, 'probe.answered')) host.state = hostLifecycle.next(host.state, 'probe.answered');
  }

  /**
   * The modern monitor's cycle (Worker/Monitor.pm, every 2.5 s): hosts whose answering
   * changed since the last cycle are observed so, and their devices follow.
   */
  monitorCycle(): void {
    const observed = new Set<string>();
    for (const host of this.hosts.values()) {
      if (!hostLifecycle.can(host.state, 'monitor.cycle')) continue;
      host.state = hostLifecycle.next(host.state, 'monitor.cycle');
      observed.add(host.name);
    }
    for (const device of this.devices.values()) {
      if (!observed.has(device.host)) continue;
      const event = hostFacts[device.storageHost.state].observed === 'unreachable' ? 'monitor.unreachable' : 'monitor.writeable';
      // A dead device stays dead; one already observed so has nothing to change.
      if (!deviceLifecycle.can(device.state, event)) continue;
      device.state = deviceLifecycle.next(device.state, event);
      this.out.emit({ type: 'mogilefs.deviceMarked', device: device.id, status: effectiveStatus(device.state), by: 'monitor' });
    }
    this.armMonitor();
  }

  private hostNamed(name: string): StorageHost {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`tracker: no device is on host ${JSON.stringify(name)}`);
    return host;
  }

  private queueDrain(deviceId: number): void {
    for (const file of this.index.onDevice(deviceId)) this.replicator.enqueue(file.fid, deviceId);
  }

  private issue(query: Query): number {
    this.queriesIssued += 1;
    this.queries.set(this.queriesIssued, query);
    return this.queriesIssued;
  }

  private queue(connId: number): number[] {
    let order = this.replyOrder.get(connId);
    if (!order) {
      order = [];
      this.replyOrder.set(connId, order);
    }
    return order;
  }

  /**
   * Sends the replies at the head of a connection's queue that are ready. The real tracker
   * answers a client's lines in the order they came; a get_paths held up by a size check
   * holds up the replies behind it on the same connection.
   */
  private sendReady(connId: number): void {
    const order = this.replyOrder.get(connId);
    if (!order) return;
    while (order.length > 0) {
      const query = this.queries.get(order[0] as number);
      if (!query?.reply) break;
      this.queries.delete(order.shift() as number);
      this.out.send(connId, query.reply);
    }
    if (order.length === 0) this.replyOrder.delete(connId);
  }

  private armMonitor(): void {
    this.out.startTimer('monitorCycle', this.settings.monitorCycleMs, { type: 'monitor.cycle' });
  }
}
