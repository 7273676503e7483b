import type { HubConnection } from './hubConnection.js';
import type { HubState } from './hubState.js';

/**
 * What a connection can do and whether it sleeps, kept in step with each function's
 * `workers` and `sleepers` sets: a connection is a sleeper of a function exactly while it
 * can do it, sleeps, and has had no NOOP since its last grab.
 */

/**
 * Registers an ability; registering it again keeps its place and takes the new timeout.
 * (gearmand 1.1.20 would add a second record and count the worker twice in `status`.)
 */
export function addAbility(hub: HubState, conn: HubConnection, functionName: string, timeoutMs: number): void {
  const known = conn.abilities.get(functionName);
  conn.abilities.set(functionName, { timeoutMs, order: known?.order ?? hub.nextRegistration() });
  conn.wasWorker = true;
  const queue = hub.functionNamed(functionName);
  queue.workers.add(conn);
  if (isSleeper(conn)) queue.sleepers.add(conn);
}

/**
 * Unregisters an ability. Jobs of it the connection runs stay with it and can still be
 * reported; gearmand 1.1.20 would requeue them (`gearman_server_worker_free` in worker.cc),
 * DOMAIN.md §1 says nothing, and keeping them never hands one job to two workers.
 */
export function removeAbility(hub: HubState, conn: HubConnection, functionName: string): void {
  if (!conn.abilities.delete(functionName)) return;
  const queue = hub.functionNamed(functionName);
  queue.workers.delete(conn);
  queue.sleepers.delete(conn);
}

/**
 * PRE_SLEEP found nothing runnable: the next job of its functions wakes it. Each PRE_SLEEP
 * starts a new sleep with its own NOOP (DOMAIN.md §1, "one NOOP per sleep"). gearmand 1.1.20
 * clears `is_noop_sent` only at a grab, so there a worker that sends PRE_SLEEP twice without
 * grabbing in between is never woken again; no real worker library does that.
 */
export function fallAsleep(hub: HubState, conn: HubConnection): void {
  conn.noopSent = false;
  conn.sleeping = true;
  setSleeper(hub, conn, true);
}

/** A grab: the worker is awake and may be sent a NOOP again after its next PRE_SLEEP. */
export function wakeUp(hub: HubState, conn: HubConnection): void {
  if (isSleeper(conn)) setSleeper(hub, conn, false);
  conn.sleeping = false;
  conn.noopSent = false;
}

/** A NOOP went out: one per sleep (DOMAIN.md §1), so it wakes for no other job until it grabs. */
export function noteNoop(hub: HubState, conn: HubConnection): void {
  if (isSleeper(conn)) setSleeper(hub, conn, false);
  conn.noopSent = true;
}

function isSleeper(conn: HubConnection): boolean {
  return conn.sleeping && !conn.noopSent;
}

function setSleeper(hub: HubState, conn: HubConnection, asleep: boolean): void {
  for (const functionName of conn.abilities.keys()) {
    const sleepers = hub.functionNamed(functionName).sleepers;
    if (asleep) sleepers.add(conn);
    else sleepers.delete(conn);
  }
}
