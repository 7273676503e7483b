import { abilitiesNewestFirst } from './abilities.js';
import type { HubState } from './hubState.js';
import type { AdminReply, AdminRequest } from './packet.js';

/**
 * The text admin protocol (the Gearman PROTOCOL file), in the format of gearmand 1.1.20's
 * libgearman-server/text.cc. Commands match without case (strcasecmp there). Multi-line
 * replies end with "." (`terminated`); the codec adds line ends.
 */
export function answerAdmin(hub: HubState, request: AdminRequest): AdminReply {
  switch (request.command.toLowerCase()) {
    case 'status':
      return lines(statusLines(hub), true);
    case 'prioritystatus':
      return lines(priorityStatusLines(hub), true);
    case 'workers':
      return lines(workerLines(hub), true);
    case 'version':
      return lines([`OK ${hub.settings.version}`], false);
    default:
      return lines([unknownCommand(request.command)], false);
  }
}

function lines(text: readonly string[], terminated: boolean): AdminReply {
  return { kind: 'adminReply', lines: text, terminated };
}

/** `FUNC\tTOTAL\tRUNNING\tWORKERS`, TOTAL counting running jobs (the Gearman PROTOCOL file), functions in creation order. */
function statusLines(hub: HubState): string[] {
  return [...hub.functions.values()].map((queue) => `${queue.name}\t${queue.total}\t${queue.running}\t${queue.workers.size}`);
}

/** gearmand's `prioritystatus`: queued (not running) jobs per priority, then workers. */
function priorityStatusLines(hub: HubState): string[] {
  return [...hub.functions.values()].map(
    (queue) => `${queue.name}\t${queue.queuedCount('high')}\t${queue.queuedCount('normal')}\t${queue.queuedCount('low')}\t${queue.workers.size}`,
  );
}

/**
 * `FD IP CLIENT-ID : FUNCS` for every open connection, clients and the admin connection
 * included, as gearmand lists them ("%d %s %s :" then " %s" per function): newest connection
 * first and each one's functions newest first, the order of gearmand's linked lists (seen on
 * gearmand 1.1.20). The connection id stands in for the file descriptor; an unset client id
 * is "-".
 */
function workerLines(hub: HubState): string[] {
  return [...hub.connections.values()].reverse().map((conn) => {
    let line = `${conn.connId} ${conn.remoteIp} ${conn.clientId ?? '-'} :`;
    for (const functionName of abilitiesNewestFirst(conn)) line += ` ${functionName}`;
    return line;
  });
}

/**
 * gearmand's TEXT_ERROR_UNKNOWN_COMMAND is "ERR UNKNOWN_COMMAND Unknown+server+command%.*s":
 * the command is appended with no separator. An empty line is a command "" and gets nothing
 * appended (seen on gearmand 1.1.20; its "NULL" is for a packet with no arguments at all,
 * which a text line never is).
 * Its other commands (shutdown, maxqueue, cancel job, show jobs, getpid, verbose, create and
 * drop function) are not modeled and get this reply too.
 */
function unknownCommand(command: string): string {
  return `ERR UNKNOWN_COMMAND Unknown+server+command${command}`;
}
