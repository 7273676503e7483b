/**
 * The history a job-distribution run records for the grab-atomicity checker: who was given
 * which job when, how it ended, and which workers died. Every model (the Gearman hub, the
 * polling workers, TheSchwartz-style and naive database grabs) records the same events, so
 * one checker judges them all.
 *
 * Identities: `job` is the job's stable name across retries (a Gearman handle, a database
 * job id); `worker` names one worker *incarnation* (a restarted worker is a new one);
 * `client` names one client connection.
 */
export type GrabEvent =
  /** A job was accepted (JOB_CREATED sent, row inserted). `client` is absent for background jobs. */
  | { readonly kind: 'submitted'; readonly atUs: number; readonly job: string; readonly client?: string }
  /** A worker now holds the job (JOB_ASSIGN sent, grab UPDATE succeeded as the worker believes). */
  | { readonly kind: 'assigned'; readonly atUs: number; readonly job: string; readonly worker: string }
  /** The worker finished it successfully (WORK_COMPLETE accepted, row deleted). */
  | { readonly kind: 'completed'; readonly atUs: number; readonly job: string; readonly worker: string }
  /** The job ended without success: WORK_FAIL / WORK_EXCEPTION, retries used up, or dropped. */
  | { readonly kind: 'failed'; readonly atUs: number; readonly job: string; readonly reason: string; readonly worker?: string }
  /** The job went back to the queue (its worker was lost in `requeue` mode, a lease ran out). */
  | { readonly kind: 'requeued'; readonly atUs: number; readonly job: string }
  /** A worker incarnation ended: crash, or its connection to the hub was lost. */
  | { readonly kind: 'workerLost'; readonly atUs: number; readonly worker: string }
  /** A client got a terminal reply for a job (WORK_COMPLETE, WORK_FAIL, WORK_EXCEPTION). */
  | { readonly kind: 'clientReply'; readonly atUs: number; readonly client: string; readonly job: string; readonly reply: 'complete' | 'fail' | 'exception' }
  /** A client connection went away (it will get no more replies). */
  | { readonly kind: 'clientLost'; readonly atUs: number; readonly client: string };

/** A history event as a model makes it, before its time is stamped on (the checker can take the time apart: grabAtomicity.ts). */
export type UnstampedGrabEvent = GrabEvent extends infer E ? (E extends GrabEvent ? Omit<E, 'atUs'> : never) : never;

/** Appends events in time order; plain data, so a history can be printed and stored. */
export class GrabHistory {
  readonly events: GrabEvent[] = [];

  record(event: GrabEvent): void {
    const last = this.events.at(-1);
    if (last && event.atUs < last.atUs) {
      throw new Error(`grab history: event at ${event.atUs} µs recorded after one at ${last.atUs} µs`);
    }
    this.events.push(event);
  }
}
