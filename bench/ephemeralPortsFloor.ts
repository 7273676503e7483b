/**
 * The hand-written floor of `ephemeral-ports` at its defaults: the same workload (600 new
 * connections per second to one destination, the client closing first, 28 232 usable
 * ports, TIME_WAIT 60 s reaped every 2.048 s) as one plain loop over a free-port stack and
 * a TIME_WAIT queue. No kernel, no TCP handshake, no xstate: the least work that answers
 * "how many requests fail", so the simulator's cost can be stated as a ratio to it.
 */
export interface FloorResult {
  readonly ok: number;
  readonly failed: number;
  readonly simulatedMs: number;
}

export function runEphemeralPortsFloor(ratePerSec = 600, durationMs = 600_000): FloorResult {
  const portsUsable = 28_232;
  const timeWaitUs = 60_000_000;
  const reapUs = 2_048_000;
  const roundTripUs = 400; // connect, request, response, close on a LAN: as simulated
  const free: number[] = Array.from({ length: portsUsable }, (_, index) => index);
  const waitPorts = new Int32Array(portsUsable);
  const waitEndsUs = new Float64Array(portsUsable);
  let head = 0;
  let tail = 0;
  let waiting = 0;
  let ok = 0;
  let failed = 0;
  const requests = Math.floor((durationMs / 1_000) * ratePerSec);
  for (let k = 0; k < requests; k++) {
    const nowUs = Math.round((k * 1_000_000) / ratePerSec);
    while (waiting > 0 && waitEndsUs[head]! <= nowUs) {
      free.push(waitPorts[head]!);
      head = (head + 1) % portsUsable;
      waiting--;
    }
    const port = free.pop();
    if (port === undefined) {
      failed++;
      continue;
    }
    ok++;
    waitPorts[tail] = port;
    waitEndsUs[tail] = Math.ceil((nowUs + roundTripUs + timeWaitUs) / reapUs) * reapUs;
    tail = (tail + 1) % portsUsable;
    waiting++;
  }
  return { ok, failed, simulatedMs: durationMs };
}
