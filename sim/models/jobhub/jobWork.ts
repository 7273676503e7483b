import type { Outbox } from '../../contract/outbox.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';

/** A step of a job's work done or failed, as the worker process records it (e.g. `stored`). */
export interface JobWorkRecord {
  readonly type: 'jobWork.step';
  readonly func: string;
  readonly step: string;
  readonly ok: boolean;
}

/** The work's one timer firing (a step that waited too long); the worker hands it back to the job. */
export interface JobWorkTimeoutEvent {
  readonly type: 'jobWork.timeout';
  readonly step: number;
}

/** The part of the worker's outbox a job's work writes to (not `connect`: its tags are the hub links'). */
export type JobWorkOutbox = Pick<Outbox<JobWorkRecord, JobWorkTimeoutEvent>, 'emit' | 'send' | 'close' | 'startTimer' | 'cancelTimer'>;

/** What a running job's work may use of its worker process. */
export interface JobWorkContext {
  /** The worker's outbox: the work's connects (with tags from `nextTag`), sends, closes, its timer and its records. */
  readonly out: JobWorkOutbox;
  /** A connect tag no hub link and no earlier step of this process uses. */
  nextTag(): number;
  /** The work is over: the worker sends WORK_COMPLETE (`ok`) or WORK_FAIL to the hub. */
  finish(ok: boolean): void;
}

/** A job being worked: a sequence of network exchanges that ends by calling `finish`. */
export interface JobWork {
  /** A TCP event: true when it concerned one of the work's own connections (then it is handled). */
  handle(event: TcpEvent): boolean;
  /** The work's timer fired. */
  timeout(event: JobWorkTimeoutEvent): void;
  /** The job is dropped (its hub link lost, the process dying): close what it has open. */
  abort(): void;
}

/**
 * How a worker does the work of a job of function `func` with argument `data`, in place of a
 * timed wait: as a Gearman::Worker's Perl sub, it talks to other servers over the network.
 */
export type JobWorkPlan = (func: string, data: string, context: JobWorkContext) => JobWork;
