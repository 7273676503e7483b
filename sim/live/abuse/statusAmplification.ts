import { encodePacket } from '../gearman/gearmanEncoder.js';
import { request } from '../../models/jobhub/packet.js';
import { processMemory } from './processMemory.js';
import { exchange, openSocket } from './rawConnection.js';

/** What the amplification attack did to the hub. */
export interface AmplificationOutcome {
  /** Whether another client got its ECHO answered while the attacker's replies piled up. */
  readonly othersServed: boolean;
  /** The hub's peak resident memory during the attack, bytes (null without /proc). */
  readonly peakRssBytes: number | null;
  /** The hub's resident memory at the end, bytes. */
  readonly rssBytes: number | null;
}

export interface AmplificationOptions {
  readonly host: string;
  readonly port: number;
  /** The hub's pid, for its memory. */
  readonly pid: number;
  readonly functions?: number;
  readonly statusRequests?: number;
  /** How long the attacker holds its connection without reading, ms. */
  readonly holdMs?: number;
}

const echo = (text: string) => encodePacket(request('ECHO_REQ', text));

/**
 * The status amplification of issue #11: one connection registers `functions` functions,
 * another sends `status\n` `statusRequests` times in one write and never reads. Each status
 * reply lists every function, so a few bytes in ask for gigabytes out. Meanwhile a third
 * client asks for an ECHO every 200 ms; the outcome says whether it was answered and how
 * much memory the hub took.
 */
export async function statusAmplification(options: AmplificationOptions): Promise<AmplificationOutcome> {
  const { host, port, pid, functions = 4000, statusRequests = 9000, holdMs = 5000 } = options;
  const worker = await openSocket(host, port);
  const names = Array.from({ length: functions }, (_, index) => encodePacket(request('CAN_DO', `f${String(index).padStart(39, '0')}`)));
  await exchange(worker, Buffer.concat([...names, echo('registered')]), (bytes) => bytes.includes('registered'), 30_000);
  const attacker = await openSocket(host, port);
  attacker.pause();
  attacker.write(Buffer.from('status\n'.repeat(statusRequests)));
  const other = await openSocket(host, port);
  let othersServed = true;
  let peakRssBytes: number | null = null;
  const endAt = Date.now() + holdMs;
  while (Date.now() < endAt) {
    try {
      await exchange(other, echo('still there'), (bytes) => bytes.includes('still there'), 10_000);
    } catch {
      othersServed = false;
      break;
    }
    peakRssBytes = Math.max(peakRssBytes ?? 0, processMemory(pid)?.rssBytes ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const memory = processMemory(pid);
  for (const socket of [worker, attacker, other]) socket.destroy();
  return { othersServed, peakRssBytes: memory ? Math.max(memory.peakRssBytes, peakRssBytes ?? 0) : peakRssBytes, rssBytes: memory?.rssBytes ?? null };
}
