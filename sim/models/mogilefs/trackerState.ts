import { deviceStatuses, effectiveStatus, type Device, type DeviceStatus } from './device.js';
import { FileIndex } from './fileIndex.js';
import { replicateOnce, type ReplicationView } from './replication.js';
import { runCommand } from './trackerCommands.js';
import type { TrackerEffect } from './trackerEffect.js';
import { isKnownCommand, isTrackerRequest, type TrackerRequest } from './trackerMessage.js';
import type { TrackerInput, TrackerSettings } from './trackerSettings.js';

/** Delayed events the state asks its machine for; the machine gives each its explicit id. */
export type TrackerTimer =
  | { readonly type: 'tracker.queryDone'; readonly queryId: number }
  | { readonly type: 'tracker.replicate'; readonly fid: number }
  | { readonly type: 'monitor.cycle' };

export interface TimerRequest {
  readonly type: 'timer.start';
  readonly timerId: string;
  /** 0 raises the event at once, within the same step. */
  readonly delayMs: number;
  readonly event: TrackerTimer;
}

/**
 * The tracker as plain data: the device table, the file index, queries waiting out their
 * cost, and the replication queue (fid → failed attempts so far). The machine calls one
 * method per event and emits what `drain` returns, in order.
 */
export class TrackerState implements ReplicationView {
  readonly devices = new Map<number, Device>();
  readonly index = new FileIndex();
  readonly unreachableHosts = new Set<string>();
  readonly random: () => number;
  private readonly queries = new Map<number, { readonly connId: number; readonly request: TrackerRequest }>();
  private readonly replicating = new Map<number, number>();
  private queriesIssued = 0;
  private fidLast = 0;
  private effects: (TrackerEffect | TimerRequest)[] = [];

  constructor(
    readonly settings: TrackerSettings,
    input: TrackerInput,
  ) {
    this.random = input.random;
    for (const { id, host, status = 'alive', freeBytes, weight = 100 } of input.devices) {
      if (this.devices.has(id)) throw new Error(`trackerMachine input.devices: device ${id} is listed twice`);
      if (!deviceStatuses.includes(status)) throw new Error(`trackerMachine input.devices: device ${id} has unknown status ${status}`);
      this.devices.set(id, { id, host, status, unreachable: false, freeBytes, weight });
    }
    for (const file of input.files ?? []) {
      this.index.add({ fid: file.fid, key: file.key, sizeBytes: file.sizeBytes, devices: [...file.devices] });
      this.fidLast = Math.max(this.fidLast, file.fid);
      this.queueReplication(file.fid);
    }
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

  allocateFid(): number {
    this.fidLast += 1;
    return this.fidLast;
  }

  /** A request waits out the metadata query cost, then runs and is answered. */
  receive(connId: number, message: unknown): void {
    if (!isTrackerRequest(message) || !isKnownCommand(message)) {
      const command = isTrackerRequest(message) ? String(message.command) : '';
      this.effects.push({ type: 'tcp.send', connId, message: { kind: 'trackerReply', ok: false, command, error: 'unknown_command' } });
      return;
    }
    this.queriesIssued += 1;
    const queryId = this.queriesIssued;
    this.queries.set(queryId, { connId, request: message });
    this.timer(`query-${queryId}`, this.settings.queryCostMs, { type: 'tracker.queryDone', queryId });
  }

  finishQuery(queryId: number): void {
    const query = this.queries.get(queryId);
    if (!query) throw new Error(`tracker: query ${queryId} finished twice or never started`);
    this.queries.delete(queryId);
    this.effects.push({ type: 'tcp.send', connId: query.connId, message: runCommand(this, query.request) });
  }

  /** Queues a file for the replicate worker unless it is queued already. */
  queueReplication(fid: number): void {
    if (this.replicating.has(fid)) return;
    this.replicating.set(fid, 0);
    this.timer(`replicate-${fid}`, 0, { type: 'tracker.replicate', fid });
  }

  /** One replicate attempt; short of `mindevcount`, retried after 15 s, 60 s, 300 s … (DOMAIN.md §4). */
  replicate(fid: number): void {
    const attemptsFailed = this.replicating.get(fid);
    const file = this.index.files.get(fid);
    if (attemptsFailed === undefined) return;
    const copied: TrackerEffect[] = [];
    if (!file || replicateOnce(this, file, copied)) {
      this.replicating.delete(fid);
      this.effects.push(...copied);
      if (file) this.effects.push({ type: 'mogilefs.replicated', fid, devices: [...file.devices] });
      return;
    }
    const backoffMs = this.settings.replicateBackoffMs;
    const retryMs = backoffMs[Math.min(attemptsFailed, backoffMs.length - 1)] as number;
    this.replicating.set(fid, attemptsFailed + 1);
    this.effects.push(...copied, { type: 'mogilefs.replicateFailed', fid, attempt: attemptsFailed + 1, retryMs });
    this.timer(`replicate-${fid}`, retryMs, { type: 'tracker.replicate', fid });
  }

  /** `mogadm device mark`; marking a device dead drops its copies and re-replicates them (DOMAIN.md §4). */
  markDevice(deviceId: number, status: DeviceStatus): void {
    const device = this.devices.get(deviceId);
    if (!device) throw new Error(`tracker: admin marked unknown device ${deviceId}`);
    device.status = status;
    this.effects.push({ type: 'mogilefs.deviceMarked', device: deviceId, status, by: 'admin' });
    if (status !== 'dead') return;
    for (const file of this.index.onDevice(deviceId)) {
      file.devices = file.devices.filter((id) => id !== deviceId);
      this.queueReplication(file.fid);
    }
  }

  /** The host stops answering. The 2005 monitor only logged it (DOMAIN.md §4). */
  hostUnreachable(host: string): void {
    this.unreachableHosts.add(host);
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

  private armMonitor(): void {
    this.timer('monitorCycle', this.settings.monitorCycleMs, { type: 'monitor.cycle' });
  }

  private timer(timerId: string, delayMs: number, event: TrackerTimer): void {
    this.effects.push({ type: 'timer.start', timerId, delayMs, event });
  }
}
