import type { JobPriority } from '../../models/jobhub/client.js';

/**
 * One property-test case for a job hub: the topology, the job stream, and the faults, all
 * at fixed simulated times, so a case is plain data that fast-check generates and shrinks
 * and that a replay token regenerates exactly.
 */
export interface GrabSchedule {
  readonly hubs: number;
  readonly workers: number;
  readonly clients: number;
  /** Simulated time the case runs for after its last command (lets jobs drain). */
  readonly drainMs: number;
  readonly commands: readonly GrabCommand[];
}

export type GrabCommand =
  | {
      readonly kind: 'submit'; readonly atMs: number; readonly client: number; readonly hub: number;
      readonly func: string; readonly unique: string; readonly priority: JobPriority; readonly background: boolean;
    }
  /** The worker process dies now (mid-job if it has one) and restarts later as a new incarnation. */
  | { readonly kind: 'crashWorker'; readonly atMs: number; readonly worker: number }
  /** The client drops its connections now (its foreground jobs lose their client). */
  | { readonly kind: 'disconnectClient'; readonly atMs: number; readonly client: number }
  /** The path between a worker and a hub is cut both ways for `durationMs`. */
  | { readonly kind: 'partition'; readonly atMs: number; readonly worker: number; readonly hub: number; readonly durationMs: number };

/** Whether the schedule contains any fault (the checker's no-fault rules apply without). */
export function hasFaults(schedule: GrabSchedule): boolean {
  return schedule.commands.some((command) => command.kind !== 'submit');
}

/** One line per command, for counterexample reports. */
export function formatSchedule(schedule: GrabSchedule): string {
  const head = `${schedule.hubs} hub(s), ${schedule.workers} worker(s), ${schedule.clients} client(s), drain ${schedule.drainMs} ms`;
  const lines = schedule.commands.map((command) => {
    switch (command.kind) {
      case 'submit':
        return `${command.atMs} ms  client ${command.client} submits ${command.func}` +
          `${command.unique ? ` unique=${command.unique}` : ''} ${command.priority}${command.background ? ' background' : ''} to hub ${command.hub}`;
      case 'crashWorker':
        return `${command.atMs} ms  worker ${command.worker} crashes`;
      case 'disconnectClient':
        return `${command.atMs} ms  client ${command.client} disconnects`;
      case 'partition':
        return `${command.atMs} ms  worker ${command.worker} cut off from hub ${command.hub} for ${command.durationMs} ms`;
    }
  });
  return [head, ...lines].join('\n');
}
