import type { HubConnection } from './hubConnection.js';
import { errorPacket } from './hubError.js';
import type { HubState } from './hubState.js';
import { submitKinds, type SubmitKind } from './jobPriority.js';
import { response, type GearmanPacket } from './packet.js';
import { arg, type RequestHandler, type RequestHandlers } from './requestHandler.js';

/** A unique key longer than 64 bytes is refused (GEARMAN_UNIQUE_SIZE in libgearman-1.0/limits.h; server.cc). */
const uniqueBytesMax = 64;

/**
 * Where a submit looks for a job to coalesce with (the Gearman PROTOCOL file): same function and same
 * non-empty unique; an empty unique never coalesces. gearmand also reads the unique "-"
 * as "the data is the unique key" (`gearman_server_job_add_reducer` in job.cc), so "-"
 * coalesces only submits with equal data, and never with empty data.
 */
function uniqueKeyOf(functionName: string, unique: string, data: string): string | null {
  if (unique === '') return null;
  if (unique === '-') return data === '' ? null : `d\0${functionName}\0${data}`;
  return `u\0${functionName}\0${unique}`;
}

/** SUBMIT_JOB and its five variants: create a job or join the one with the same unique key, reply JOB_CREATED. */
function submit(hub: HubState, conn: HubConnection, packet: GearmanPacket, kind: SubmitKind): void {
  const functionName = arg(packet, 0);
  const unique = arg(packet, 1);
  const data = arg(packet, 2);
  if (Buffer.byteLength(unique) > uniqueBytesMax) return hub.send(conn, errorPacket('uniqueTooLarge'));
  const uniqueKey = uniqueKeyOf(functionName, unique, data);
  let job = uniqueKey === null ? undefined : hub.jobWithUnique(uniqueKey);
  const created = job === undefined;
  if (!job) {
    if (hub.jobs.size >= hub.settings.queuedJobsMax) return hub.send(conn, errorPacket('queueFull'));
    job = hub.createJob(functionName, unique, data, kind, uniqueKey);
  }
  if (!kind.background) {
    // Nearly every job has one client: a list of one, not an empty one grown to V8's first capacity (17).
    if (job.clients.length === 0) job.clients = [conn];
    else job.clients.push(conn);
    conn.waiting.set(job, (conn.waiting.get(job) ?? 0) + 1);
    conn.wasClient = true;
  }
  // A background submit that joins an existing job adds nobody to wait, so nothing to record.
  if (created || !kind.background) {
    hub.record(kind.background ? { kind: 'submitted', job: job.handle } : { kind: 'submitted', job: job.handle, client: conn.identity() });
  }
  if (created) hub.enqueue(job);
  hub.send(conn, response('JOB_CREATED', job.handle));
}

const submitHandlers: RequestHandlers = Object.fromEntries(
  Object.entries(submitKinds).map(([type, kind]): [string, RequestHandler] => [
    type,
    { argsMin: 2, run: (hub, conn, packet) => submit(hub, conn, packet, kind) },
  ]),
);

/** Requests a client (or anyone) sends: submits, status, echo, options, its id. */
export const clientHandlers: RequestHandlers = {
  ...submitHandlers,
  /** STATUS_RES `h known running num den`; an unknown or finished handle is `h 0 0 0 0` (the Gearman PROTOCOL file). */
  GET_STATUS: {
    argsMin: 0,
    run: (hub, conn, packet) => {
      const handle = arg(packet, 0);
      const job = hub.jobs.get(handle);
      const fields = job ? ['1', job.state === 'running' ? '1' : '0', String(job.numerator), String(job.denominator)] : ['0', '0', '0', '0'];
      hub.send(conn, response('STATUS_RES', handle, ...fields));
    },
  },
  ECHO_REQ: { argsMin: 0, run: (hub, conn, packet) => hub.send(conn, response('ECHO_RES', ...packet.args)) },
  /** Only `exceptions` is an option, matched without case as gearmand does (strcasecmp in server.cc). */
  OPTION_REQ: {
    argsMin: 0,
    run: (hub, conn, packet) => {
      const option = arg(packet, 0);
      if (option.toLowerCase() !== 'exceptions') return hub.send(conn, errorPacket('unknownOption'));
      conn.exceptions = true;
      hub.send(conn, response('OPTION_RES', option));
    },
  },
  SET_CLIENT_ID: { argsMin: 0, run: (_hub, conn, packet) => void (conn.clientId = arg(packet, 0)) },
};
