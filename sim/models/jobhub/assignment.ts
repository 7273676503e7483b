import type { HubConnection } from './hubConnection.js';
import type { HubJob } from './hubJob.js';
import type { HubState } from './hubState.js';
import { response } from './packet.js';
import { sendTerminal } from './terminalReply.js';

/** Why a worker stopped holding a job it was given. */
export type AssignmentLoss = 'workerLost' | 'timeout';

/** Hands a job taken off its queue to a worker, starting its CAN_DO_TIMEOUT timer if it has one. */
export function assign(hub: HubState, job: HubJob, worker: HubConnection, withUnique: boolean): void {
  job.move('JOB_ASSIGN');
  job.worker = worker;
  job.assignments += 1;
  worker.held.add(job);
  hub.functionNamed(job.functionName).running += 1;
  hub.record({ kind: 'assigned', job: job.handle, worker: worker.identity() });
  hub.send(worker, withUnique
    ? response('JOB_ASSIGN_UNIQ', job.handle, job.functionName, job.unique, job.data)
    : response('JOB_ASSIGN', job.handle, job.functionName, job.data));
  const timeoutMs = worker.abilities.get(job.functionName)?.timeoutMs ?? 0;
  // gearmand: 0 or less is no timer, and anything under a second is raised to 1000 ms
  // (gearman_server_con_add_job_timeout in libgearman-server/connection.cc).
  if (timeoutMs > 0) {
    job.timed = true;
    const delayMs = Math.max(timeoutMs, 1000);
    hub.out.startTimer(job.timerId(), delayMs, { type: 'jobhub.timeout', handle: job.handle, assignment: job.assignments });
  }
}

/** Stops the CAN_DO_TIMEOUT timer of the job's current assignment, if one runs. */
export function stopTimer(hub: HubState, job: HubJob): void {
  if (!job.timed) return;
  job.timed = false;
  hub.out.cancelTimer(job.timerId());
}

/**
 * The job's worker is gone or ran out of time. `fail` mode ends the job with WORK_FAIL to
 * its clients; `requeue` mode puts it back at the tail of its list with the same handle,
 * unless this was the `jobRetries`-th lost assignment (the Gearman PROTOCOL file; gearmand's
 * `gearman_server_job_queue` in job.cc counts `retries` the same way).
 */
export function loseAssignment(hub: HubState, job: HubJob, why: AssignmentLoss): void {
  const worker = job.worker;
  if (!worker) throw new Error(`jobhub: ${job.handle} lost an assignment it did not have`);
  stopTimer(hub, job);
  worker.held.delete(job);
  job.worker = null;
  job.numerator = 0;
  job.denominator = 0;
  hub.functionNamed(job.functionName).running -= 1;
  job.assignmentsLost += 1;
  const { workerLossMode, jobRetries } = hub.settings;
  const retriesUsed = jobRetries > 0 && job.assignmentsLost >= jobRetries;
  if (workerLossMode === 'fail' || retriesUsed) {
    const reason = workerLossMode === 'fail' ? why : 'retriesExhausted';
    hub.record({ kind: 'failed', job: job.handle, reason, worker: worker.identity() });
    job.move('LOST');
    sendTerminal(hub, job, 'fail', '');
    hub.endJob(job);
    return;
  }
  hub.record({ kind: 'requeued', job: job.handle });
  job.move('REQUEUE');
  hub.enqueue(job);
}
