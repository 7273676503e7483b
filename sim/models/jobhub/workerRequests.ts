import { addAbility, fallAsleep, removeAbility, wakeUp } from './abilities.js';
import { assign, stopTimer } from './assignment.js';
import type { HubConnection } from './hubConnection.js';
import { errorPacket, type HubErrorName } from './hubError.js';
import type { HubJob } from './hubJob.js';
import type { HubState } from './hubState.js';
import { bare, response, type GearmanPacket } from './packet.js';
import { arg, leadingInteger, type RequestHandler, type RequestHandlers } from './requestHandler.js';
import { sendTerminal } from './terminalReply.js';

/** GRAB_JOB and GRAB_JOB_UNIQ: the next job for this worker, or NO_JOB; either way it is awake. */
function grab(hub: HubState, conn: HubConnection, withUnique: boolean): void {
  wakeUp(hub, conn);
  const job = hub.nextJobFor(conn, true);
  if (job) assign(hub, job, conn, withUnique);
  else hub.send(conn, bare.NO_JOB);
}

/**
 * PRE_SLEEP: with a job runnable for it the worker gets an immediate NOOP and stays awake;
 * otherwise it sleeps until a job for it is queued (the Gearman PROTOCOL file). gearmand also drops the
 * connection's CAN_DO_TIMEOUT timer when it sleeps (server.cc), so the jobs it still holds
 * lose theirs here.
 */
function preSleep(hub: HubState, conn: HubConnection): void {
  if (hub.nextJobFor(conn, false)) return hub.send(conn, bare.NOOP);
  fallAsleep(hub, conn);
  // A sleeper nearly always holds nothing: no list to make then.
  if (conn.held.size > 0) for (const job of conn.held.list()) stopTimer(hub, job);
}

/**
 * A WORK_* packet about a job: handled only if this connection holds the job now, as gearmand
 * checks (`gearman_server_job_get` with the worker's connection); otherwise ERROR JOB_NOT_FOUND
 * with gearmand's text for that packet type (the Gearman PROTOCOL file; hubError.ts).
 */
function workHandler(notFound: HubErrorName, argsMin: number, onJob: (hub: HubState, job: HubJob, packet: GearmanPacket) => void): RequestHandler {
  return {
    argsMin,
    run: (hub, conn, packet) => {
      const job = hub.jobs.get(arg(packet, 0));
      if (!job || job.state !== 'running' || job.worker !== conn) return hub.send(conn, errorPacket(notFound));
      onJob(hub, job, packet);
    },
  };
}

/** WORK_DATA and WORK_WARNING go to every attached client unchanged. */
function forward(hub: HubState, job: HubJob, packet: GearmanPacket): void {
  for (const client of job.clients) hub.send(client, response(packet.type, ...packet.args));
}

/** Requests a worker sends: abilities, sleep and grab, progress and results. */
export const workerHandlers: RequestHandlers = {
  CAN_DO: { argsMin: 0, run: (hub, conn, packet) => addAbility(hub, conn, arg(packet, 0), 0) },
  /** `func\0ms`: read with strtol as gearmand does; what happens when it expires is in server.ts. */
  CAN_DO_TIMEOUT: { argsMin: 1, run: (hub, conn, packet) => addAbility(hub, conn, arg(packet, 0), leadingInteger(arg(packet, 1))) },
  CANT_DO: { argsMin: 0, run: (hub, conn, packet) => removeAbility(hub, conn, arg(packet, 0)) },
  RESET_ABILITIES: { argsMin: 0, run: (hub, conn) => [...conn.abilities.keys()].forEach((name) => removeAbility(hub, conn, name)) },
  PRE_SLEEP: { argsMin: 0, run: (hub, conn) => preSleep(hub, conn) },
  GRAB_JOB: { argsMin: 0, run: (hub, conn) => grab(hub, conn, false) },
  GRAB_JOB_UNIQ: { argsMin: 0, run: (hub, conn) => grab(hub, conn, true) },
  GRAB_JOB_ALL: { argsMin: 0, run: (hub, conn) => grab(hub, conn, true) },
  WORK_STATUS: workHandler('workResultNotFound', 2, (hub, job, packet) => {
    job.numerator = leadingInteger(arg(packet, 1));
    job.denominator = leadingInteger(arg(packet, 2));
    for (const client of job.clients) hub.send(client, response('WORK_STATUS', job.handle, arg(packet, 1), arg(packet, 2)));
  }),
  WORK_DATA: workHandler('workDataNotFound', 1, forward),
  WORK_WARNING: workHandler('workDataNotFound', 1, forward),
  WORK_COMPLETE: workHandler('workResultNotFound', 1, (hub, job, packet) => {
    hub.record({ kind: 'completed', job: job.handle, worker: (job.worker as HubConnection).identity() });
    job.move('WORK_COMPLETE');
    sendTerminal(hub, job, 'complete', arg(packet, 1));
    hub.endJob(job);
  }),
  WORK_FAIL: workHandler('workResultNotFound', 0, (hub, job) => {
    hub.record({ kind: 'failed', job: job.handle, reason: 'workFail', worker: (job.worker as HubConnection).identity() });
    job.move('WORK_FAIL');
    sendTerminal(hub, job, 'fail', '');
    hub.endJob(job);
  }),
  WORK_EXCEPTION: workHandler('exceptionNotFound', 1, (hub, job, packet) => {
    hub.record({ kind: 'failed', job: job.handle, reason: 'workException', worker: (job.worker as HubConnection).identity() });
    job.move('WORK_EXCEPTION');
    sendTerminal(hub, job, 'exception', arg(packet, 1));
    hub.endJob(job);
  }),
};
