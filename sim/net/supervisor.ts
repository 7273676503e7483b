import type { AnyActorLogic } from 'xstate';
import type { Host } from './host.js';
import type { SimProcess } from './simProcess.js';

/** How one named process is started, and whether it comes back when it dies. */
interface Supervised {
  readonly name: string;
  readonly host: Host;
  readonly start: (incarnation: number) => SimProcess<AnyActorLogic>;
  readonly restartAfterKill: boolean;
  incarnation: number;
  current: SimProcess<AnyActorLogic>;
}

/** The processes of a topology by name, as `sim hosts` lists them and faults name them. */
export interface ProcessListing {
  readonly name: string;
  readonly host: string;
  readonly supervised: boolean;
}

/**
 * The topology's init system: every named process, which host runs it, and how to start
 * it again. When a host restarts, its processes start as new incarnations (numbered from 1);
 * a `kill` ends one process while its host stays up, and a supervised one (`restart:
 * always`, as systemd or daemontools would) starts again at once as a new incarnation.
 */
export class Supervisor {
  private readonly processes = new Map<string, Supervised>();
  private readonly hostsWatched = new Set<Host>();

  /** Starts incarnation 1 of the process `name` on `host`; `start` builds each incarnation. */
  spawn<TLogic extends AnyActorLogic>(host: Host, name: string, start: (incarnation: number) => SimProcess<TLogic>, options: { readonly restartAfterKill?: boolean } = {}): SimProcess<TLogic> {
    if (this.processes.has(name)) throw new Error(`supervisor: a process is already called ${name}`);
    const current = start(1);
    this.processes.set(name, { name, host, start: start as Supervised['start'], restartAfterKill: options.restartAfterKill ?? true, incarnation: 1, current });
    this.watch(host);
    return current;
  }

  /** The running incarnation of `name`, or undefined when there is no such process. */
  current(name: string): SimProcess<AnyActorLogic> | undefined {
    return this.processes.get(name)?.current;
  }

  /** Kills the process `name` (its host stays up); a supervised one starts again at once. */
  kill(name: string): void {
    const entry = this.processes.get(name);
    if (!entry) throw new Error(`supervisor: no process called ${name}`);
    entry.current.exit();
    if (entry.restartAfterKill && entry.host.up) this.startAgain(entry);
  }

  /** Every process, in the order they were spawned. */
  list(): ProcessListing[] {
    return [...this.processes.values()].map(({ name, host, restartAfterKill }) => ({ name, host: host.name, supervised: restartAfterKill }));
  }

  private watch(host: Host): void {
    if (this.hostsWatched.has(host)) return;
    this.hostsWatched.add(host);
    host.onRestart(() => {
      for (const entry of this.processes.values()) if (entry.host === host) this.startAgain(entry);
    });
  }

  private startAgain(entry: Supervised): void {
    entry.incarnation += 1;
    entry.current = entry.start(entry.incarnation);
  }
}
