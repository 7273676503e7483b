import { deviceStatuses, effectiveStatus, type Device, type DeviceStatus } from './device.js';
import { DeleteWorker } from './deleteWorker.js';
import { FileIndex } from './fileIndex.js';
import { ReplicateWorker, type ReplicateHost } from './replicateWorker.js';
import { StorageCalls } from './storageCalls.js';
import { runCommand } from './trackerCommands.js';
import type { TrackerEffect } from './trackerEffect.js';
import { isKnownCommand, isTrackerRequest, type TrackerReply, type TrackerRequest } from './trackerMessage.js';
import type { TrackerInput, TrackerSettings } from './trackerSettings.js';
import type { TimerRequest, TrackerTimer } from './trackerTimer.js';

export type { TimerRequest, TrackerTimer } from './trackerTimer.js';

/** A client request waiting out its query cost (and, for get_paths, its size check). */
interface Query {
  readonly connId: number;
  readonly request: TrackerRequest;
  reply: TrackerReply | null;
}

/**
 * The tracker as plain data: the device table, the file index, queries waiting out their
 * cost, its connections to storage nodes, and the replicate and delete workers. The
 * machine calls one method per event and emits what `drain` returns, in order.
 */
export class TrackerState implements ReplicateHost {
  readonly devices = new Map<number, Device>();
  readonly index = new FileIndex();
  readonly unreachableHosts = new Set<string>();
  readonly random: () => number;
  readonly calls: StorageCalls;
  readonly deletes: DeleteWorker;
  readonly replicator: ReplicateWorker;
  private readonly queries = new Map<number, Query>();
  /** Per client connection, its queries in arrival order: replies go out in that order. */
  private readonly replyOrder = new Map<number, number[]>();
  private queriesIssued = 0;
  private fidLast = 0;
  private effects: (TrackerEffect | TimerRequest)[] = [];

  constructor(
    readonly settings: TrackerSettings,
    input: TrackerInput,
  ) {
    this.random = input.random;
    this.calls = new StorageCalls(this, settings.connTimeoutMs, settings.nodeTimeoutMs);
    this.deletes = new DeleteWorker(this, this.calls, this.devices, settings.deleteRetryMs);
    this.replicator = new ReplicateWorker(this);
    for (const { id, host, status = 'alive', freeBytes, weight = 100 } of input.devices) {
      if (this.devices.has(id)) throw new Error(`trackerMachine input.devices: device ${id} is listed twice`);
      if (!deviceStatuses.includes(status)) throw new Error(`trackerMachine input.devices: device ${id} has unknown status ${status}`);
      this.devices.set(id, { id, host, status, unreachable: false, freeBytes, weight });
    }
    for (const file of input.files ?? []) {
      this.index.add({ fid: file.fid, key: file.key, sizeBytes: file.sizeBytes, devices: [...file.devices] });
      this.fidLast = Math.max(this.fidLast, file.fid);
    }
    for (const file of input.files ?? []) this.queueReplication(file.fid);
    for (const device of this.devices.values()) if (device.status === 'drain') this.queueDrain(device.id);
    if (settings.monitorMode === 'modern') this.armMonitor();
  }

  get mindevcount(): number {
    return this.settings.mindevcount;
  }

  drain(): (TrackerEffect | TimerRequest)[] {
    const effects = this.effects;
    this.effects = [];
    return effects;
  }

  push(effect: TrackerEffect): void {
    this.effects.push(effect);
  }

  timer(timerId: string, delayMs: number, event: TrackerTimer): void {
    this.effects.push({ type: 'timer.start', timerId, delayMs, event });
  }

  cancel(timerId: string): void {
    this.effects.push({ type: 'timer.cancel', timerId });
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
    this.timer(`query-${queryId}`, this.settings.queryCostMs, { type: 'tracker.queryDone', queryId });
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

  /** `mogadm device mark`. Dead drops its copies and re-replicates them; drain moves them off (DOMAIN.md §4). */
  markDevice(deviceId: number, status: DeviceStatus): void {
    const device = this.devices.get(deviceId);
    if (!device) throw new Error(`tracker: admin marked unknown device ${deviceId}`);
    device.status = status;
    this.effects.push({ type: 'mogilefs.deviceMarked', device: deviceId, status, by: 'admin' });
    if (status === 'drain') this.queueDrain(deviceId);
    if (status !== 'dead') return;
    for (const file of this.index.onDevice(deviceId)) {
      file.devices = file.devices.filter((id) => id !== deviceId);
      this.queueReplication(file.fid);
    }
  }

  /** The host stops answering. The 2005 monitor only logged it (DOMAIN.md §4). */
  hostUnreachable(host: string): void {
    this.unreachableHosts.add(host);
    this.replicator.hostLost(host);
    if (this.settings.monitorMode === '2005') this.effects.push({ type: 'mogilefs.monitorLog', host });
  }

  hostReachable(host: string): void {
    this.unreachableHosts.delete(host);
  }

  /** The modern monitor's cycle: devices follow their hosts' reachability (DOMAIN.md §4, 2.5 s). */
  monitorCycle(): void {
    for (const device of this.devices.values()) {
      const unreachable = this.unreachableHosts.has(device.host);
      if (unreachable === device.unreachable) continue;
      device.unreachable = unreachable;
      this.effects.push({ type: 'mogilefs.deviceMarked', device: device.id, status: effectiveStatus(device), by: 'monitor' });
    }
    this.armMonitor();
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
      this.effects.push({ type: 'tcp.send', connId, message: query.reply });
    }
    if (order.length === 0) this.replyOrder.delete(connId);
  }

  private armMonitor(): void {
    this.timer('monitorCycle', this.settings.monitorCycleMs, { type: 'monitor.cycle' });
  }
}
