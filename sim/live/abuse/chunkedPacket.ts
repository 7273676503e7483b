import { encodePacket } from '../gearman/gearmanEncoder.js';
import { request } from '../../models/jobhub/packet.js';
import { processCpuMs } from '../perf/processCpu.js';
import { exchange, openSocket } from './rawConnection.js';

export interface ChunkedPacketOptions {
  readonly host: string;
  readonly port: number;
  /** The server's pid, for its CPU time. */
  readonly pid: number;
  /** Bytes of the ECHO_REQ's argument (default 1 MiB). */
  readonly packetArgBytes?: number;
  /** Bytes per write (default 256). */
  readonly chunkBytes?: number;
}

/**
 * One big ECHO_REQ sent in small writes, a turn of the event loop apart so each arrives on
 * its own: a decoder that copies what it holds on every chunk pays for the packet's size
 * squared. Resolves with the server's CPU time spent until the echo came back, ms.
 */
export async function chunkedPacketCpuMs(options: ChunkedPacketOptions): Promise<number | null> {
  const { host, port, pid, packetArgBytes = 1_048_576, chunkBytes = 256 } = options;
  const socket = await openSocket(host, port);
  const packet = encodePacket(request('ECHO_REQ', 'x'.repeat(packetArgBytes)));
  const cpuBeforeMs = processCpuMs(pid);
  const echoed = exchange(socket, Buffer.alloc(0), (bytes) => bytes.length >= packet.length, 120_000);
  for (let offset = 0; offset < packet.length; offset += chunkBytes) {
    socket.write(packet.subarray(offset, offset + chunkBytes));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await echoed;
  socket.destroy();
  const cpuAfterMs = processCpuMs(pid);
  return cpuBeforeMs === null || cpuAfterMs === null ? null : cpuAfterMs - cpuBeforeMs;
}
