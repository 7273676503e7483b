import { encodeAdminLine, encodePacket } from '../../../sim/live/gearman/gearmanEncoder.js';
import type { TextLine } from '../../../sim/live/gearman/gearmanDecoder.js';
import { request, response, type GearmanPacket, type PacketType } from '../../../sim/models/jobhub/packet.js';
import { GearmanSocket } from '../helpers/gearmanSocket.js';
import type { HubCommand, HubProgram } from './hubCommand.js';

/** What one server answered a program: one line per reply, `step connection reply`. */
export type Transcript = string[];

const barrierText = '\x01barrier';
const missingHandle = 'H:none:0';

/**
 * Runs a program against the server at host:port and returns every reply it sent, in step
 * order. After each step a barrier makes the replies of that step complete: an ECHO_REQ on
 * the acting connection, then on every other one in turn. A server that handles packets in
 * order has queued everything the step caused (a NOOP to a sleeping worker, a WORK_COMPLETE
 * to a client) before it answers the later echo on that connection; gearmand with one
 * processing thread does, and so does our hub.
 */
export async function runProgram(host: string, port: number, program: HubProgram): Promise<Transcript> {
  const sockets: { name: string; socket: GearmanSocket }[] = [];
  const transcript: Transcript = [];
  const assigned: string[][] = program.workers.map(() => []);
  const created: string[] = [];
  const open = async (name: string) => {
    const socket = await GearmanSocket.open(host, port);
    sockets.push({ name, socket });
    // Connect one at a time, each seen by the server before the next: `workers` lists them in accept order.
    await barrier(socket, name, 'open');
    return socket;
  };
  const barrier = async (socket: GearmanSocket, name: string, step: string) => {
    socket.write(encodePacket(request('ECHO_REQ', barrierText)));
    await socket.until(() => socket.closed || socket.received.some(isBarrier));
    const end = socket.received.findIndex(isBarrier);
    const replies = end < 0 ? socket.received.splice(0) : socket.received.splice(0, end + 1).slice(0, -1);
    for (const reply of replies) transcript.push(`${step} ${name} ${show(reply)}`);
    if (end < 0) transcript.push(`${step} ${name} CLOSED`);
    for (const reply of replies) {
      if (reply.kind === 'line') continue;
      if (reply.type === 'JOB_CREATED') created.push(reply.args[0] ?? '');
      const workerIndex = name.startsWith('w') ? Number(name.slice(1)) : -1;
      if ((reply.type === 'JOB_ASSIGN' || reply.type === 'JOB_ASSIGN_UNIQ') && workerIndex >= 0) assigned[workerIndex]?.push(reply.args[0] ?? '');
    }
  };
  try {
    const workers = [];
    for (const [index, functions] of program.workers.entries()) {
      const socket = await open(`w${index}`);
      const clientId = program.workerIds[index] ?? null;
      if (clientId !== null) socket.write(encodePacket(request('SET_CLIENT_ID', clientId)));
      for (const functionName of functions) socket.write(encodePacket(request('CAN_DO', functionName)));
      await barrier(socket, `w${index}`, 'setup');
      workers.push(socket);
    }
    const clients = [];
    for (let index = 0; index < program.clients; index++) clients.push(await open(`c${index}`));
    const admin = await open('admin');
    for (const [index, command] of program.commands.entries()) {
      const { socket, bytes } = stepBytes(command, { workers, clients, admin }, assigned, created);
      socket.write(bytes);
      const step = `#${index}`;
      const acting = sockets.find((entry) => entry.socket === socket);
      if (acting) await barrier(acting.socket, acting.name, step);
      for (const entry of sockets) if (entry.socket !== socket) await barrier(entry.socket, entry.name, step);
    }
  } finally {
    for (const { socket } of sockets) socket.close();
  }
  return transcript;
}

function isBarrier(reply: GearmanPacket | TextLine): boolean {
  return reply.kind !== 'line' && reply.type === 'ECHO_RES' && reply.args[0] === barrierText;
}

function show(reply: GearmanPacket | TextLine): string {
  return reply.kind === 'line' ? `line ${JSON.stringify(reply.text)}` : `${reply.type} ${JSON.stringify(reply.args)}`;
}

interface Sockets {
  readonly workers: GearmanSocket[];
  readonly clients: GearmanSocket[];
  readonly admin: GearmanSocket;
}

function pick<T>(items: readonly T[], index: number): T {
  return items[index % items.length] as T;
}

/** The bytes of one step and the connection they go on, with handles resolved against this server's replies. */
function stepBytes(command: HubCommand, sockets: Sockets, assigned: string[][], created: string[]): { socket: GearmanSocket; bytes: Buffer } {
  const packet = (socket: GearmanSocket, type: PacketType, ...args: string[]) => ({ socket, bytes: encodePacket(request(type, ...args)) });
  switch (command.kind) {
    case 'submit':
      return packet(pick(sockets.clients, command.client), command.type, command.functionName, command.unique, command.data);
    case 'grab':
      return packet(pick(sockets.workers, command.worker), command.type);
    case 'preSleep':
      return packet(pick(sockets.workers, command.worker), 'PRE_SLEEP');
    case 'work': {
      const handles = assigned[command.worker % assigned.length] ?? [];
      const handle = handles.length === 0 ? missingHandle : pick(handles, command.job);
      const socket = pick(sockets.workers, command.worker);
      if (command.type === 'WORK_FAIL') return packet(socket, 'WORK_FAIL', handle);
      if (command.type === 'WORK_STATUS') return packet(socket, 'WORK_STATUS', handle, '1', '3');
      return packet(socket, command.type, handle, command.data);
    }
    case 'getStatus':
      return packet(pick(sockets.clients, command.client), 'GET_STATUS', created.length === 0 ? missingHandle : pick(created, command.job));
    case 'option':
      return packet(pick(sockets.clients, command.client), 'OPTION_REQ', command.option);
    case 'echo':
      return packet(pick(sockets.clients, command.client), 'ECHO_REQ', command.data);
    case 'notExpected': {
      const args = command.type === 'JOB_CREATED' || command.type === 'ECHO_RES' ? [''] : [];
      return packet(pick(sockets.clients, command.client), command.type, ...args);
    }
    case 'responseMagic':
      return { socket: pick(sockets.clients, command.client), bytes: encodePacket(response('ECHO_REQ', 'x')) };
    case 'admin':
      return { socket: sockets.admin, bytes: encodeAdminLine(command.line) };
  }
}
