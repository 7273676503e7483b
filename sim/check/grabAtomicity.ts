import type { GrabEvent } from '../contract/grabHistory.js';
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

type Of<K extends GrabEvent['kind']> = Extract<GrabEvent, { kind: K }>;

/** One life of a job name, from its submission to its end (a name may be submitted again after). */
interface JobLife {
  readonly job: string;
  readonly submittedIndex: number;
  /** Worker incarnations holding it, each with the index of the `assigned` event that began its hold. */
  readonly holders: JobHolders;
  /** Workers lost while holding the job: the hub may still fail it in their name (null until one is; most jobs never lose one). */
  lostHolders: Set<string> | null;
  /** In `fail` mode: the `workerLost` that left the job without a holder, until it fails. */
  orphanIndex: number;
  endIndex: number;
  endKind: 'completed' | 'failed' | null;
  lastIndex: number;
}

/** A client's attachment to a job life, and the reply it got. */
interface Submission {
  readonly client: string;
  readonly index: number;
  readonly life: JobLife;
  replyIndex: number;
}

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
  if (options.mode !== 'requeue' && options.mode !== 'fail') {
    throw new RangeError(`checkGrabAtomicity: mode should be 'requeue' or 'fail', got ${String(options.mode)}`);
  }
  const check = new AtomicityCheck(events, options);
  events.forEach((event, index) => check.see(event, index));
  return check.finish();
}

class AtomicityCheck {
  private readonly violations: GrabViolation[] = [];
  private readonly lives = new Map<string, JobLife>();
  private readonly allLives: JobLife[] = [];
  /**
   * Worker → the lives it holds, in no particular order (a worker's loss treats each the
   * same): a list, whose slots a worker reuses job after job, where a Set rehashed every
   * few jobs it was handed.
   */
  private readonly heldBy = new Map<string, JobLife[]>();
  private readonly workerLostIndex = new Map<string, number>();
  private readonly clientLostIndex = new Map<string, number>();
  /** Client → job → its submissions in order (nested rather than keyed by a joined string: no string built per event). */
  private readonly submissions = new Map<string, Map<string, Submission[]>>();
  private readonly allSubmissions: Submission[] = [];

  constructor(
    private readonly events: readonly GrabEvent[],
    private readonly options: GrabAtomicityOptions,
  ) {}

  see(event: GrabEvent, index: number): void {
    switch (event.kind) {
      case 'submitted': return this.submitted(event, index);
      case 'assigned': return this.assigned(event, index);
      case 'completed': return this.completed(event, index);
      case 'failed': return this.failed(event, index);
      case 'requeued': return this.requeued(event, index);
      case 'workerLost': return this.workerLost(event, index);
      case 'clientReply': return this.clientReply(event, index);
      case 'clientLost':
        if (!this.clientLostIndex.has(event.client)) this.clientLostIndex.set(event.client, index);
        return;
    }
  }

  finish(): GrabViolation[] {
    for (const life of this.allLives) this.checkEnd(life);
    for (const submission of this.allSubmissions) this.checkReply(submission);
    // End-of-history findings are appended last; order everything by when it became visible.
    return this.violations
      .map((violation, order) => ({ violation, order }))
      .sort((a, b) => a.violation.atUs - b.violation.atUs || a.order - b.order)
      .map(({ violation }) => violation);
  }

  private submitted(event: Of<'submitted'>, index: number): void {
    let life = this.lives.get(event.job);
    // The same name while the job exists is unique coalescing: one more client attaches.
    if (!life || life.endIndex >= 0) {
      life = {
        job: event.job, submittedIndex: index, holders: new JobHolders(), lostHolders: null,
        orphanIndex: -1, endIndex: -1, endKind: null, lastIndex: index,
      };
      this.lives.set(event.job, life);
      this.allLives.push(life);
    }
    life.lastIndex = index;
    if (event.client === undefined) return;
    const submission: Submission = { client: event.client, index, life, replyIndex: -1 };
    let byJob = this.submissions.get(event.client);
    if (!byJob) this.submissions.set(event.client, (byJob = new Map()));
    const list = byJob.get(event.job);
    if (list) list.push(submission);
    else byJob.set(event.job, [submission]);
    this.allSubmissions.push(submission);
  }

  private assigned(event: Of<'assigned'>, index: number): void {
    const { job, worker } = event;
    const life = this.lifeOf(event, index);
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

  private completed(event: Of<'completed'>, index: number): void {
    const life = this.lifeOf(event, index);
    if (!life) return;
    this.releaseHold(life, event.worker, 'completed', index);
    if (life.endIndex < 0) this.end(life, 'completed', index);
    else if (!this.options.faults) {
      this.report('notExactlyOnce', `job ${event.job} completed again by ${event.worker} after it ${life.endKind}`, [life.endIndex, index], { job: event.job, worker: event.worker });
    }
  }

  private failed(event: Of<'failed'>, index: number): void {
    const life = this.lifeOf(event, index);
    if (!life) return;
    const { job, worker } = event;
    // A hub that fails the job of a lost worker may name that worker (fail mode, retries used up).
    if (worker !== undefined && !life.lostHolders?.has(worker)) this.releaseHold(life, worker, 'failed', index);
    else this.releaseAll(life); // the hub ended the job (dropped, retries used up, worker lost in fail mode)
    if (!this.options.faults) {
      this.report('notExactlyOnce', `job ${job} failed (${event.reason}) in a run without faults`, [index], { job, ...(worker === undefined ? {} : { worker }) });
    }
    if (life.endIndex < 0) this.end(life, 'failed', index);
    else if (worker === undefined) this.report('inconsistent', `job ${job} failed (${event.reason}) after it ${life.endKind}`, [life.endIndex, index], { job });
  }

  private requeued(event: Of<'requeued'>, index: number): void {
    const life = this.lifeOf(event, index);
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

  private workerLost(event: Of<'workerLost'>, index: number): void {
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
      // In requeue mode the job is back in the queue with nothing to record; in fail mode
      // it must now fail (the Gearman PROTOCOL file, worker disconnects mid-job).
      if (this.options.mode === 'fail' && life.endIndex < 0 && life.holders.size === 0) life.orphanIndex = index;
    }
    this.heldBy.delete(worker);
  }

  private clientReply(event: Of<'clientReply'>, index: number): void {
    const { client, job } = event;
    const list = this.submissions.get(client)?.get(job) ?? [];
    const open = list.find((submission) => submission.replyIndex < 0);
    if (open) {
      open.replyIndex = index;
      open.life.lastIndex = index;
      return;
    }
    const earlier = list.at(-1);
    if (earlier) this.report('clientReply', `client ${client} got a second reply (${event.reply}) for job ${job}`, [earlier.replyIndex, index], { job, client });
    else this.report('clientReply', `client ${client} got a reply (${event.reply}) for job ${job}, which it did not submit`, [index], { job, client });
  }

  /** The current life of the event's job, or a violation when it was never submitted. */
  private lifeOf(event: { readonly job: string; readonly kind: string }, index: number): JobLife | undefined {
    const life = this.lives.get(event.job);
    if (!life) {
      this.report('inconsistent', `job ${event.job} ${event.kind} but never submitted`, [index], { job: event.job });
      return undefined;
    }
    life.lastIndex = index;
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

  private end(life: JobLife, kind: 'completed' | 'failed', index: number): void {
    life.endIndex = index;
    life.endKind = kind;
    life.orphanIndex = -1;
  }

  private checkEnd(life: JobLife): void {
    if (life.endIndex >= 0) return;
    const { job } = life;
    if (life.orphanIndex >= 0) {
      this.report('jobLost', `fail mode: job ${job} lost its worker and never failed`, [life.submittedIndex, life.orphanIndex], { job });
    } else if (this.options.drained) {
      const where = life.holders.size > 0 ? `still held by ${life.holders.workers().join(', ')}` : 'still queued';
      this.report('jobLost', `job ${job} never ended (${where}) though the history is drained`, [life.submittedIndex, life.lastIndex], { job });
    }
  }

  private checkReply(submission: Submission): void {
    const { client, life } = submission;
    const { job } = life;
    const endEvent = this.events[life.endIndex];
    if (submission.replyIndex >= 0) {
      const reply = this.events[submission.replyIndex] as Of<'clientReply'>;
      const replyIndexes = [submission.index, submission.replyIndex];
      if (!endEvent) {
        this.report('clientReply', `client ${client} got a reply (${reply.reply}) for job ${job}, which never ended`, replyIndexes, { job, client });
      } else if ((reply.reply === 'complete') !== (life.endKind === 'completed')) {
        this.report('clientReply', `client ${client} got '${reply.reply}' for job ${job}, which ${life.endKind}`, [life.endIndex, submission.replyIndex], { job, client });
      } else if (reply.atUs < endEvent.atUs) {
        this.report('clientReply', `client ${client} got '${reply.reply}' for job ${job} before the job ended`, [submission.replyIndex, life.endIndex], { job, client });
      }
      return;
    }
    if (!endEvent) return; // still queued or held: the reply is not due yet
    const lostIndex = this.clientLostIndex.get(client);
    const lostEvent = lostIndex === undefined ? undefined : this.events[lostIndex];
    if (lostEvent && lostEvent.atUs <= endEvent.atUs) return;
    this.report('clientReply', `client ${client} got no reply for job ${job}, which ${life.endKind}`, [submission.index, life.endIndex], { job, client });
  }

  private report(rule: GrabRule, text: string, indexes: readonly number[], subject: { job?: string; worker?: string; client?: string }): void {
    const eventIndexes = [...new Set(indexes)].sort((a, b) => a - b);
    const last = this.events[eventIndexes.at(-1) as number] as GrabEvent;
    this.violations.push({ rule, text, atUs: last.atUs, ...subject, eventIndexes });
  }
}
