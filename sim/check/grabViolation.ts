/**
 * The rules the grab-atomicity checker enforces (numbered as in the issue):
 * - `doubleHold` (1): a job held by two live workers at the same time;
 * - `jobLost` (2): an accepted job lost, or ended in a way its worker-loss mode does not allow;
 * - `clientReply` (3): a foreground client without exactly one terminal reply per job it
 *   submitted (at most one once the client was lost), or with a reply that does not match
 *   how the job ended;
 * - `notExactlyOnce` (4): in a run without faults, a job completed twice, or anything failed,
 *   requeued or lost;
 * - `inconsistent`: the history contradicts itself (an event about a job never submitted, a
 *   completion by a worker that does not hold the job, an event from a worker already lost,
 *   an assignment after the job ended). These are bugs of the model or of its recorder.
 */
export type GrabRule = 'doubleHold' | 'jobLost' | 'clientReply' | 'notExactlyOnce' | 'inconsistent';

/** One broken rule, with the history events that show it (indexes into the checked array). */
export interface GrabViolation {
  readonly rule: GrabRule;
  /** One sentence saying what went wrong, naming the job, worker and client involved. */
  readonly text: string;
  /** When the violation became visible: the time of the last event involved. */
  readonly atUs: number;
  readonly job?: string;
  readonly worker?: string;
  readonly client?: string;
  /** Indexes of the events involved, ascending; a report prints them with their neighbours. */
  readonly eventIndexes: readonly number[];
}
