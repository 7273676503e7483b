import type { HubConnection } from './hubConnection.js';
import type { HubState } from './hubState.js';
import { workerConnectionLifecycle } from './workerConnectionLifecycle.js';

/**
 * What a connection can do and whether it sleeps, kept in step with each function's
 * `workers` and `sleepers` sets: a connection is a sleeper of a function exactly while it
 * can do it and its sleep cycle is in `sleeping` (workerConnectionLifecycle.ts).
 */

/**
 * Registers an ability. The newest registration is scanned first at a grab, as gearmand
 * 1.1.20 prepends each CAN_DO to the worker's list (`gearman_server_worker_add` in
 * worker.cc; seen on gearmand: a worker that registered g1, g2, g3 with one job each queued
 * grabbed g3, g2, g1, and `workers` lists its functions newest first). Registering a
 * function again moves it to the front with the new timeout; gearmand would add a second
 * record there and count the worker twice in `status`, which is not modeled.
 */
export function addAbility(hub: HubState, conn: HubConnection, functionName: string, timeoutMs: number): void {
  const known = conn.abilities.get(functionName);
  conn.abilities.delete(functionName);
  conn.abilities.set(functionName, { timeoutMs, order: known?.order ?? hub.nextRegistration() });
  conn.newestFirst = null;
  conn.wasWorker = true;
  const queue = hub.functionNamed(functionName);
  queue.workers.add(conn);
  if (isSleeper(conn)) queue.sleepers.add(conn);
}

/**
 * The connection's functions, newest registration first: the order a grab scans them in.
 * Kept on the connection until its abilities change (read-only to callers): a worker grabs
 * several times per job and registers once.
 */
export function abilitiesNewestFirst(conn: HubConnection): readonly string[] {
  return (conn.newestFirst ??= [...conn.abilities.keys()].reverse());
}

/**
 * Unregisters an ability. Jobs of it the connection runs stay with it and can still be
 * reported; gearmand 1.1.20 would requeue them (`gearman_server_worker_free` in worker.cc),
 * the PROTOCOL file says nothing, and keeping them never hands one job to two workers.
 */
export function removeAbility(hub: HubState, conn: HubConnection, functionName: string): void {
  if (!conn.abilities.delete(functionName)) return;
  conn.newestFirst = null;
  const queue = hub.functionNamed(functionName);
  queue.workers.delete(conn);
  queue.sleepers.delete(conn);
}

/**
 * PRE_SLEEP found nothing runnable: the next job of its functions wakes it, unless it was
 * sent a NOOP since its last grab. gearmand 1.1.20 clears `is_noop_sent` only at a grab
 * (GRAB_JOB in server.cc) and sends a NOOP only to a sleeper without one (job.cc), so one
 * NOOP per grab cycle: a worker that sleeps again without grabbing after its NOOP is not
 * woken again (seen on gearmand). Real worker libraries grab after every NOOP.
 */
export function fallAsleep(hub: HubState, conn: HubConnection): void {
  conn.sleep = workerConnectionLifecycle.next(conn.sleep, 'PRE_SLEEP');
  if (isSleeper(conn)) setSleeper(hub, conn, true);
}

/** A grab: the worker is awake and may be sent a NOOP again after its next PRE_SLEEP. */
export function wakeUp(hub: HubState, conn: HubConnection): void {
  if (isSleeper(conn)) setSleeper(hub, conn, false);
  conn.sleep = workerConnectionLifecycle.next(conn.sleep, 'GRAB_JOB');
}

/** A NOOP went out: one per sleep (the Gearman PROTOCOL file), so it wakes for no other job until it grabs. */
export function noteNoop(hub: HubState, conn: HubConnection): void {
  setSleeper(hub, conn, false);
  conn.sleep = workerConnectionLifecycle.next(conn.sleep, 'NOOP');
}

/** Owed a NOOP by the next job of its functions. */
function isSleeper(conn: HubConnection): boolean {
  return conn.sleep === 'sleeping';
}

function setSleeper(hub: HubState, conn: HubConnection, asleep: boolean): void {
  for (const functionName of conn.abilities.keys()) {
    const sleepers = hub.functionNamed(functionName).sleepers;
    if (asleep) sleepers.add(conn);
    else sleepers.delete(conn);
  }
}
