import { objectArray } from '../contract/objectArray.js';
import type { GrabEvent, UnstampedGrabEvent } from '../contract/grabHistory.js';
import type { GrabRule, GrabViolation } from './grabViolation.js';
import { JobHolders } from './jobHolders.js';

export type { GrabRule, GrabViolation } from './grabViolation.js';
export { formatViolation } from './formatViolation.js';

/** What the checker must know about the system that produced the history. */
export interface GrabAtomicityOptions {
  /**
   * What the hub does with the job of a worker lost mid-job (the Gearman PROTOCOL file): `requeue` puts it
   * back (gearmand 1.1.20; a database queue whose lease runs out behaves the same), `fail`
   * fails it to every waiting client (the 2005 Perl Gearman::Server).
   */
  readonly mode: 'requeue' | 'fail';
  /** False when the run injected no faults: then every job must complete exactly once. */
  readonly faults: boolean;
  /**
   * True when the run stopped submitting long enough before its end that every job should
   * have ended: a job still queued or held at the end is then reported as lost. Default
   * false, because a history alone cannot tell "still queued" from "forgotten".
   */
  readonly drained?: boolean;
}

type Of<K extends UnstampedGrabEvent['kind']> = Extract<UnstampedGrabEvent, { kind: K }>;

/**
 * One life of a job name, from its submission to its end (a name may be submitted again
 * after). It keeps the times of the events it names, not the events: the checker runs as
 * the history is made and keeps no event.
 */
interface JobLife {
  readonly job: string;
  /** Its place among the lives, in the order they began: end-of-history findings come in this order. */
  readonly ordinal: number;
  readonly submittedIndex: number;
  /** Worker incarnations holding it, each with the index of the `assigned` event that began its hold. */
  readonly holders: JobHolders;
  /** Workers lost while holding the job: the hub may still fail it in their name (null until one is; most jobs never lose one). */
  lostHolders: Set<string> | null;
  /** In `fail` mode: the `workerLost` that left the job without a holder, until it fails. */
  orphanIndex: number;
  orphanAtUs: number;
  endIndex: number;
  endAtUs: number;
  endKind: 'completed' | 'failed' | null;
  lastIndex: number;
  lastAtUs: number;
}

/** A client's attachment to a job life, and the reply it got. */
interface Submission {
  readonly client: string;
  readonly index: number;
  readonly life: JobLife;
  /** Its place in {@link GrabAtomicityCheck}'s list of submissions still to judge at the end. */
  readonly slot: number;
  replyIndex: number;
  replyAtUs: number;
  replyKind: Of<'clientReply'>['reply'] | null;
}

/**
 * A client's submissions of one job name still waiting for their reply, in order; or, once
 * every one has its reply, the index of the last one's reply (all a second reply is
 * reported against), so answered submissions are not kept for that.
 */
type ClientJob = Submission[] | number;

/**
 * Checks a job-distribution history against the grab-atomicity rules (see {@link GrabRule}).
 * A worker holds a job from `assigned` until its own `completed`/`failed` of that job, its
 * `workerLost`, or the job's `requeued`. A lease that runs out is not an event: a job given
 * to a second worker while the first is still alive is a double hold, which is exactly what
 * TheSchwartz does when a job outlives its `grab_for` (TheSchwartz.pm).
 *
 * Returns the violations in the order they became visible; an empty array means the
 * history obeys every rule.
 */
export function checkGrabAtomicity(events: readonly GrabEvent[], options: GrabAtomicityOptions): GrabViolation[] {
  const check = new GrabAtomicityCheck(options);
  for (const event of events) check.see(event, event.atUs);
  return check.finish();
}

/**
 * The same check as {@link checkGrabAtomicity}, fed one event at a time as the system makes
 * them (a scenario passes the hub's records straight in), so no history is kept: a history
 * event, and a submission once its reply matches its job's end, die young instead of living
 * to the end of the run, where every scavenge copied them. A job's life (a few numbers and
 * its holders) stays to the end: a later event about an ended job is judged against it.
 * Event `n` seen (from 0) is the history's event `n` in the violations' `eventIndexes`.
 */
export class GrabAtomicityCheck {
  private readonly violations: GrabViolation[] = objectArray();
  private readonly lives = new Map<string, JobLife>();
  private livesBegun = 0;
  private index = 0;
  private lastAtUs = -Infinity;
  /**
   * Worker → the lives it holds, in no particular order (a worker's loss treats each the
   * same): a list, whose slots a worker reuses job after job, where a Set rehashed every
   * few jobs it was handed.
   */
  private readonly heldBy = new Map<string, JobLife[]>();
  private readonly workerLostIndex = new Map<string, number>();
  /** Client → the time its connection went away (the first time). */
  private readonly clientLostAtUs = new Map<string, number>();
  /** Client → job → its submissions (nested rather than keyed by a joined string: no string built per event). */
  private readonly submissions = new Map<string, Map<string, ClientJob>>();
  /**
   * Every submission in order, for the end's reply check; a slot is emptied once the
   * submission's reply and its job's end are both known and match (nothing left to judge).
   */
  private readonly pendingSubmissions: (Submission | null)[] = objectArray();

  constructor(private readonly options: GrabAtomicityOptions) {
    if (options.mode !== 'requeue' && options.mode !== 'fail') {
      throw new RangeError(`checkGrabAtomicity: mode should be 'requeue' or 'fail', got ${String(options.mode)}`);
    }
  }

  /** The next event of the history, which happened at `atUs` (a stamped event's own `atUs`, or the kernel's time). */
  see(event: UnstampedGrabEvent, atUs: number): void {
    if (atUs < this.lastAtUs) throw new Error(`grab history: event at ${atUs} µs recorded after one at ${this.lastAtUs} µs`);
    this.lastAtUs = atUs;
    const index = this.index++;
    switch (event.kind) {
      case 'submitted': return this.submitted(event, index, atUs);
      case 'assigned': return this.assigned(event, index, atUs);
      case 'completed': return this.completed(event, index, atUs);
      case 'failed': return this.failed(event, index, atUs);
      case 'requeued': return this.requeued(event, index, atUs);
      case 'workerLost': return this.workerLost(event, index, atUs);
      case 'clientReply': return this.clientReply(event, index, atUs);
      case 'clientLost':
        if (!this.clientLostAtUs.has(event.client)) this.clientLostAtUs.set(event.client, atUs);
        return;
    }
  }

  /** The violations of the whole history seen, in the order they became visible. */
  finish(): GrabViolation[] {
    // Only a life that never ended has an end-of-history finding; in the order lives began.
    const open = [...this.lives.values()].filter((life) => life.endIndex < 0).sort((a, b) => a.ordinal - b.ordinal);
    for (const life of open) this.checkEnd(life);
    for (const submission of this.pendingSubmissions) if (submission !== null) this.checkReply(submission);
    // End-of-history findings are appended last; order everything by when it became visible.
    return this.violations
      .map((violation, order) => ({ violation, order }))
      .sort((a, b) => a.violation.atUs - b.violation.atUs || a.order - b.order)
      .map(({ violation }) => violation);
  }

  private submitted(event: Of<'submitted'>, index: number, atUs: number): void {
    let life = this.lives.get(event.job);
    // The same name while the job exists is unique coalescing: one more client attaches.
    if (!life || life.endIndex >= 0) {
      life = {
        job: event.job, ordinal: this.livesBegun++, submittedIndex: index, holders: new JobHolders(), lostHolders: null,
        orphanIndex: -1, orphanAtUs: 0, endIndex: -1, endAtUs: 0, endKind: null, lastIndex: index, lastAtUs: atUs,
      };
      this.lives.set(event.job, life);
    }
    life.lastIndex = index;
    life.lastAtUs = atUs;
    if (event.client === undefined) return;
    const submission: Submission = { client: event.client, index, life, slot: this.pendingSubmissions.length, replyIndex: -1, replyAtUs: 0, replyKind: null };
    let byJob = this.submissions.get(event.client);
    if (!byJob) this.submissions.set(event.client, (byJob = new Map()));
    const waiting = byJob.get(event.job);
    if (typeof waiting === 'object') waiting.push(submission);
    else byJob.set(event.job, [submission]);
    this.pendingSubmissions.push(submission);
  }

  private assigned(event: Of<'assigned'>, index: number, atUs: number): void {
    const { job, worker } = event;
    const life = this.lifeOf(event, index, atUs);
    if (!life) return;
    const lostIndex = this.workerLostIndex.get(worker);
    if (lostIndex !== undefined) {
      this.report('inconsistent', `job ${job} assigned to worker ${worker}, which was lost before`, [lostIndex, index], { job, worker });
      return;
    }
    const heldIndex = life.holders.get(worker);
    if (heldIndex !== undefined) {
      this.report('inconsistent', `job ${job} assigned again to worker ${worker}, which already holds it`, [heldIndex, index], { job, worker });
      return;
    }
    if (life.endIndex >= 0) {
      this.report('inconsistent', `job ${job} assigned to worker ${worker} after it ${life.endKind}`, [life.endIndex, index], { job, worker });
    }
    if (life.orphanIndex >= 0) {
      this.report('jobLost', `fail mode: job ${job} lost its worker and must fail, but was assigned again to ${worker}`, [life.orphanIndex, index], { job, worker });
      life.orphanIndex = -1;
    }
    if (life.holders.size > 0) {
      life.holders.forEach((holder, holderIndex) => {
        this.report('doubleHold', `job ${job} held by live workers ${holder} and ${worker} at once`, [holderIndex, index], { job, worker });
      });
    }
    life.holders.add(worker, index);
    let held = this.heldBy.get(worker);
    if (!held) this.heldBy.set(worker, (held = []));
    held.push(life);
  }

  private completed(event: Of<'completed'>, index: number, atUs: number): void {
    const life = this.lifeOf(event, index, atUs);
    if (!life) return;
    this.releaseHold(life, event.worker, 'completed', index);
    if (life.endIndex < 0) this.end(life, 'completed', index, atUs);
    else if (!this.options.faults) {
      this.report('notExactlyOnce', `job ${event.job} completed again by ${event.worker} after it ${life.endKind}`, [life.endIndex, index], { job: event.job, worker: event.worker });
    }
  }

  private failed(event: Of<'failed'>, index: number, atUs: number): void {
    const life = this.lifeOf(event, index, atUs);
    if (!life) return;
    const { job, worker } = event;
    // A hub that fails the job of a lost worker may name that worker (fail mode, retries used up).
    if (worker !== undefined && !life.lostHolders?.has(worker)) this.releaseHold(life, worker, 'failed', index);
    else this.releaseAll(life); // the hub ended the job (dropped, retries used up, worker lost in fail mode)
    if (!this.options.faults) {
      this.report('notExactlyOnce', `job ${job} failed (${event.reason}) in a run without faults`, [index], { job, ...(worker === undefined ? {} : { worker }) });
    }
    if (life.endIndex < 0) this.end(life, 'failed', index, atUs);
    else if (worker === undefined) this.report('inconsistent', `job ${job} failed (${event.reason}) after it ${life.endKind}`, [life.endIndex, index], { job });
  }

  private requeued(event: Of<'requeued'>, index: number, atUs: number): void {
    const life = this.lifeOf(event, index, atUs);
    if (!life) return;
    const { job } = event;
    if (life.endIndex >= 0) {
      this.report('inconsistent', `job ${job} requeued after it ${life.endKind}`, [life.endIndex, index], { job });
      return;
    }
    if (!this.options.faults) this.report('notExactlyOnce', `job ${job} requeued in a run without faults`, [index], { job });
    if (life.orphanIndex >= 0) {
      this.report('jobLost', `fail mode: job ${job} lost its worker and must fail, but was requeued`, [life.orphanIndex, index], { job });
      life.orphanIndex = -1;
    }
    this.releaseAll(life);
  }

  private workerLost(event: Of<'workerLost'>, index: number, atUs: number): void {
    const { worker } = event;
    const lostIndex = this.workerLostIndex.get(worker);
    if (lostIndex !== undefined) {
      this.report('inconsistent', `worker ${worker} lost twice`, [lostIndex, index], { worker });
      return;
    }
    this.workerLostIndex.set(worker, index);
    if (!this.options.faults) this.report('notExactlyOnce', `worker ${worker} lost in a run without faults`, [index], { worker });
    for (const life of this.heldBy.get(worker) ?? []) {
      life.holders.delete(worker);
      (life.lostHolders ??= new Set()).add(worker);
      life.lastIndex = index;
      life.lastAtUs = atUs;
      // In requeue mode the job is back in the queue with nothing to record; in fail mode
      // it must now fail (the Gearman PROTOCOL file, worker disconnects mid-job).
      if (this.options.mode === 'fail' && life.endIndex < 0 && life.holders.size === 0) {
        life.orphanIndex = index;
        life.orphanAtUs = atUs;
      }
    }
    this.heldBy.delete(worker);
  }

  private clientReply(event: Of<'clientReply'>, index: number, atUs: number): void {
    const { client, job } = event;
    const byJob = this.submissions.get(client);
    const waiting = byJob?.get(job);
    const open = typeof waiting === 'object' ? waiting.find((submission) => submission.replyIndex < 0) : undefined;
    if (open) {
      open.replyIndex = index;
      open.replyAtUs = atUs;
      open.replyKind = event.reply;
      open.life.lastIndex = index;
      open.life.lastAtUs = atUs;
      const list = waiting as Submission[];
      if (list.every((submission) => submission.replyIndex >= 0)) byJob!.set(job, (list.at(-1) as Submission).replyIndex);
      if (open.life.endIndex >= 0 && this.replyMatchesEnd(open)) this.pendingSubmissions[open.slot] = null;
      return;
    }
    // No submission waits: `waiting` is the last reply's index once every one has its reply.
    const earlierReplyIndex = typeof waiting === 'number' ? waiting : undefined;
    if (earlierReplyIndex !== undefined) this.report('clientReply', `client ${client} got a second reply (${event.reply}) for job ${job}`, [earlierReplyIndex, index], { job, client });
    else this.report('clientReply', `client ${client} got a reply (${event.reply}) for job ${job}, which it did not submit`, [index], { job, client });
  }

  /** True when an answered submission of an ended job got the reply its end calls for, in time: the end has nothing to say of it. */
  private replyMatchesEnd({ life, replyKind, replyAtUs }: Submission): boolean {
    return (replyKind === 'complete') === (life.endKind === 'completed') && replyAtUs >= life.endAtUs;
  }

  /** The current life of the event's job, or a violation when it was never submitted. */
  private lifeOf(event: { readonly job: string; readonly kind: string }, index: number, atUs: number): JobLife | undefined {
    const life = this.lives.get(event.job);
    if (!life) {
      this.report('inconsistent', `job ${event.job} ${event.kind} but never submitted`, [index], { job: event.job });
      return undefined;
    }
    life.lastIndex = index;
    life.lastAtUs = atUs;
    return life;
  }

  private releaseHold(life: JobLife, worker: string, verb: string, index: number): void {
    const lostIndex = this.workerLostIndex.get(worker);
    if (lostIndex !== undefined) {
      this.report('inconsistent', `job ${life.job} ${verb} by worker ${worker}, which was lost before`, [lostIndex, index], { job: life.job, worker });
    } else if (!life.holders.delete(worker)) {
      this.report('inconsistent', `job ${life.job} ${verb} by worker ${worker}, which does not hold it`, [life.submittedIndex, index], { job: life.job, worker });
    } else {
      this.unhold(worker, life);
    }
  }

  private releaseAll(life: JobLife): void {
    if (life.holders.size === 0) return;
    life.holders.forEach((worker) => this.unhold(worker, life));
    life.holders.clear();
  }

  /** Takes `life` off the worker's list: the last entry fills its slot, as the order does not matter. */
  private unhold(worker: string, life: JobLife): void {
    const held = this.heldBy.get(worker);
    const slot = held === undefined ? -1 : held.indexOf(life);
    if (slot < 0) return;
    const last = held!.pop() as JobLife;
    if (slot < held!.length) held![slot] = last;
  }

  private end(life: JobLife, kind: 'completed' | 'failed', index: number, atUs: number): void {
    life.endIndex = index;
    life.endAtUs = atUs;
    life.endKind = kind;
    life.orphanIndex = -1;
  }

  private checkEnd(life: JobLife): void {
    if (life.endIndex >= 0) return;
    const { job } = life;
    if (life.orphanIndex >= 0) {
      this.report('jobLost', `fail mode: job ${job} lost its worker and never failed`, [life.submittedIndex, life.orphanIndex], { job }, life.orphanAtUs);
    } else if (this.options.drained) {
      const where = life.holders.size > 0 ? `still held by ${life.holders.workers().join(', ')}` : 'still queued';
      this.report('jobLost', `job ${job} never ended (${where}) though the history is drained`, [life.submittedIndex, life.lastIndex], { job }, life.lastAtUs);
    }
  }

  /** The end's finding on a submission: its reply against how its job ended (a submission's events all come before its reply and its job's end). */
  private checkReply(submission: Submission): void {
    const { client, life } = submission;
    const { job } = life;
    const ended = life.endIndex >= 0;
    if (submission.replyIndex >= 0) {
      const reply = submission.replyKind as Of<'clientReply'>['reply'];
      const replyIndexes = [submission.index, submission.replyIndex];
      // Of two events, the violation became visible at the later one.
      const laterAtUs = life.endIndex > submission.replyIndex ? life.endAtUs : submission.replyAtUs;
      if (!ended) {
        this.report('clientReply', `client ${client} got a reply (${reply}) for job ${job}, which never ended`, replyIndexes, { job, client }, submission.replyAtUs);
      } else if ((reply === 'complete') !== (life.endKind === 'completed')) {
        this.report('clientReply', `client ${client} got '${reply}' for job ${job}, which ${life.endKind}`, [life.endIndex, submission.replyIndex], { job, client }, laterAtUs);
      } else if (submission.replyAtUs < life.endAtUs) {
        this.report('clientReply', `client ${client} got '${reply}' for job ${job} before the job ended`, [submission.replyIndex, life.endIndex], { job, client }, laterAtUs);
      }
      return;
    }
    if (!ended) return; // still queued or held: the reply is not due yet
    const lostAtUs = this.clientLostAtUs.get(client);
    if (lostAtUs !== undefined && lostAtUs <= life.endAtUs) return;
    this.report('clientReply', `client ${client} got no reply for job ${job}, which ${life.endKind}`, [submission.index, life.endIndex], { job, client }, life.endAtUs);
  }

  /**
   * Records a violation. `atUs` is the time of its last event: by default the event being
   * seen, which every violation found as the history goes ends with.
   */
  private report(rule: GrabRule, text: string, indexes: readonly number[], subject: { job?: string; worker?: string; client?: string }, atUs = this.lastAtUs): void {
    const eventIndexes = [...new Set(indexes)].sort((a, b) => a - b);
    this.violations.push({ rule, text, atUs, ...subject, eventIndexes });
  }
}
