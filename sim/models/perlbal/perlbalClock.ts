/**
 * Perlbal's sense of time. Perlbal reads `time()` in whole seconds and checks its timeouts
 * from its event loop, not with a timer per socket: idle sockets are swept every 5 s, a
 * backend stuck connecting is closed by a callback 15 s after it was made, and the
 * reproxy manager judges a connect or an idle keep-alive connection by its age when it
 * next needs one. The model does the same with one tick a second, which also keeps timer
 * bookkeeping off the per-request path: a proxy serving 600 requests a second costs one
 * timer event a second, not several per request.
 */

/** How often the proxy's clock advances: `time()` has whole seconds (Perlbal.pm, `$Perlbal::tick_time = time()`). */
export const perlbalTickMs = 1_000;

/** Idle sockets are closed by a sweep every 5 s (Perlbal/Socket.pm `_do_cleanup`, `AddTimer(5, ...)`). */
export const idleSweepIntervalSec = 5;

/**
 * A backend connection still connecting 15 s after it was made is closed (Perlbal/BackendHTTP.pm
 * `new`, `register_callback(15, ...)`, "shouldn't still be connecting ... ~15 seconds after create").
 */
export const connectingCallbackSec = 15;

/** Whole seconds of `durationMs`, as Perlbal's settings are given (they are seconds in its config). */
export function wholeSeconds(durationMs: number): number {
  return Math.floor(durationMs / 1_000);
}

/**
 * The longest a client can wait on Perlbal without a byte moving: idle more than
 * `clientIdleTimeoutMs`, found by the sweep every 5 s, on the whole-second clock. Reads
 * held behind a connection to a crashed storage host end this way.
 */
export function clientWaitMsMax(clientIdleTimeoutMs: number): number {
  return clientIdleTimeoutMs + idleSweepIntervalSec * 1_000 + perlbalTickMs;
}
