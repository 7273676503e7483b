import { factsOf, fidPath, fidUrl, isReadable, type Device } from './device.js';
import type { FileRecord } from './fileIndex.js';
import type { StorageCalls } from './storageCalls.js';
import type { TrackerOutbox } from './trackerEffect.js';
import type { TrackerReply } from './trackerMessage.js';
import { weightedOrder } from './weightedOrder.js';

/** `get_paths` returns at most 2 paths; Perlbal falls back between them (Query.pm cmd_get_paths: `pathcount` defaults to 2). */
export const pathsMax = 2;

/** What a lookup needs of the tracker. */
export interface PathLookupView {
  readonly devices: ReadonlyMap<number, Device>;
  readonly random: () => number;
  readonly calls: StorageCalls;
  readonly out: TrackerOutbox;
}

/** Takes `device`'s path for the reply, drain devices' paths apart (module-level: tsx names every closure it makes). */
function accept(device: Device, fid: number, paths: string[], drainPaths: string[]): void {
  (factsOf(device).drain ? drainPaths : paths).push(fidUrl(device, fid));
}

/**
 * `get_paths` for one file, following MogileFS-Server lib/MogileFS/Worker/Query.pm
 * (cmd_get_paths): the readable devices holding the file in weighted random order
 * (weightedOrder.ts); until one path is accepted each candidate's size is asked on its host's
 * side channel and a candidate that fails or differs is skipped ("only verify size one
 * first one, and never verify if they've asked not to"); paths on drain devices go after
 * the others ("files on devices set for drain may disappear soon"). `done` may run at once
 * (no check needed) or after the side channel answers.
 */
export function lookupPaths(view: PathLookupView, file: FileRecord, verify: boolean, done: (reply: TrackerReply) => void): void {
  const holders: Device[] = [];
  for (const id of file.devices) {
    const device = view.devices.get(id);
    if (device !== undefined && isReadable(device)) holders.push(device);
  }
  new PathWalk(view, file, verify, weightedOrder(holders, deviceWeight, view.random), done).walk();
}

function deviceWeight(device: Device): number {
  return device.weight;
}

/**
 * One lookup's walk over its ordered candidates. An object rather than a named closure:
 * tsx (esbuild's keepNames) defines a `name` property on every named closure it makes,
 * which cost about 1 % of a port-exhaustion run here.
 */
class PathWalk {
  private readonly paths: string[] = [];
  private readonly drainPaths: string[] = [];
  private next = 0;

  constructor(
    private readonly view: PathLookupView,
    private readonly file: FileRecord,
    private readonly verify: boolean,
    private readonly ordered: readonly Device[],
    private readonly done: (reply: TrackerReply) => void,
  ) {}

  walk(): void {
    const { file, ordered, paths, drainPaths } = this;
    while (this.next < ordered.length && paths.length < pathsMax) {
      const device = ordered[this.next] as Device;
      this.next += 1;
      if (!this.verify || paths.length > 0) {
        accept(device, file.fid, paths, drainPaths);
        continue;
      }
      this.view.calls.sizeOf(device.host, fidPath(device.id, file.fid), (sizeBytes) => this.checked(device, sizeBytes));
      return;
    }
    // Drain devices' paths after the others; without any, the list is complete as it is.
    const all = drainPaths.length === 0 ? paths : [...paths, ...drainPaths].slice(0, pathsMax);
    this.done({ kind: 'trackerReply', ok: true, command: 'get_paths', paths: all });
  }

  /** The side channel answered the size of `device`'s copy: taken if it matches, then the walk goes on. */
  private checked(device: Device, sizeBytes: number | null): void {
    if (sizeBytes === this.file.sizeBytes) accept(device, this.file.fid, this.paths, this.drainPaths);
    else this.view.out.emit({ type: 'mogilefs.pathDropped', fid: this.file.fid, device: device.id, sizeBytes });
    this.walk();
  }
}
