import { EventHeap } from '../sim/kernel/eventHeap.js';

/**
 * The hand-written floor of `ephemeral-ports` at its defaults: the same workload and the
 * same events per request (SYN, SYN-ACK, request, response, FIN, FIN, one-way delay 100 µs
 * each; the last ACK frees the passive side's tuple without an event of its own, as in
 * sim/net/tcp.ts, and this floor keeps no tuple on that side), TIME_WAIT 60 s reaped every
 * 2.048 s, 28 232 usable ports to one destination, as one plain event loop: the kernel's binary heap, a switch, a free-port
 * stack and a TIME_WAIT queue. No xstate, no trace hash, no Linux port search: the least
 * work that simulates the scenario event by event, so the simulator's cost is a ratio to it.
 */
export interface FloorResult {
  readonly ok: number;
  readonly failed: number;
  readonly events: number;
  readonly simulatedMs: number;
}

const enum Step { Start, Syn, SynAck, Request, Response, ClientFin, ServerFin }

interface FloorEvent {
  readonly timeUs: number;
  readonly seq: number;
  readonly step: Step;
  readonly request: number;
}

export function runEphemeralPortsFloor(ratePerSec = 600, durationMs = 600_000): FloorResult {
  const portsUsable = 28_232;
  const delayUs = 100;
  const timeWaitUs = 60_000_000;
  const reapUs = 2_048_000;
  const durationUs = durationMs * 1_000;
  const free: number[] = Array.from({ length: portsUsable }, (_, index) => index);
  const waitPorts = new Int32Array(portsUsable);
  const waitEndsUs = new Float64Array(portsUsable);
  let head = 0;
  let tail = 0;
  let waiting = 0;
  const heap = new EventHeap<FloorEvent>();
  let seq = 0;
  const schedule = (timeUs: number, step: Step, request: number): void => heap.push({ timeUs, seq: seq++, step, request });
  let ok = 0;
  let failed = 0;
  let events = 0;
  let request = 0;
  const portOf = new Int32Array(Math.ceil((durationMs / 1_000) * ratePerSec) + 1);
  schedule(0, Step.Start, 0);
  for (let event = heap.pop(); event !== undefined; event = heap.pop()) {
    const nowUs = event.timeUs;
    if (nowUs >= durationUs) break;
    const id = event.request;
    events++;
    switch (event.step) {
      case Step.Start: {
        request++;
        const next = Math.round((request * 1_000_000) / ratePerSec);
        if (next < durationUs) schedule(next, Step.Start, request);
        while (waiting > 0 && waitEndsUs[head]! <= nowUs) {
          free.push(waitPorts[head]!);
          head = (head + 1) % portsUsable;
          waiting--;
        }
        const port = free.pop();
        if (port === undefined) failed++;
        else {
          portOf[id] = port;
          schedule(nowUs + delayUs, Step.Syn, id);
        }
        break;
      }
      case Step.Syn: schedule(nowUs + delayUs, Step.SynAck, id); break;
      case Step.SynAck: schedule(nowUs + delayUs, Step.Request, id); break;
      case Step.Request: schedule(nowUs + delayUs, Step.Response, id); break;
      case Step.Response: ok++; schedule(nowUs + delayUs, Step.ClientFin, id); break;
      case Step.ClientFin: schedule(nowUs + delayUs, Step.ServerFin, id); break;
      case Step.ServerFin:
        waitPorts[tail] = portOf[id]!;
        waitEndsUs[tail] = Math.ceil((nowUs + timeWaitUs) / reapUs) * reapUs;
        tail = (tail + 1) % portsUsable;
        waiting++;
        break;
    }
  }
  return { ok, failed, events, simulatedMs: durationMs };
}
