import { response, type GearmanPacket } from './packet.js';

/**
 * The ERROR packets the hub sends, with gearmand 1.1.20's code and text. gearmand builds the
 * code as `gearman_strerror(rc) + 8`, i.e. the libgearman return-code name without its
 * `GEARMAN_` prefix (`_server_error_packet` in libgearman-server/server.cc; names in
 * libgearman/strerror.cc). Texts are copied from the call sites in server.cc, except
 * `invalidPacket` and `packetTooLarge`, where gearmand has no such check and the text is ours.
 */
export const hubErrors = {
  /** WORK_STATUS / WORK_COMPLETE / WORK_FAIL for a job this connection does not hold. */
  workResultNotFound: { code: 'JOB_NOT_FOUND', text: 'Job given in work result not found' },
  /** WORK_DATA / WORK_WARNING for a job this connection does not hold. */
  workDataNotFound: { code: 'JOB_NOT_FOUND', text: 'Job does not exist on server' },
  /** WORK_EXCEPTION for a job this connection does not hold. */
  exceptionNotFound: { code: 'JOB_NOT_FOUND', text: 'An exception was received for a job that does not exist' },
  unknownOption: { code: 'UNKNOWN_OPTION', text: 'Server does not recognize given option' },
  queueFull: { code: 'QUEUE_ERROR', text: 'Job queue is full' },
  uniqueTooLarge: { code: 'ARGUMENT_TOO_LARGE', text: 'Unique value too large' },
  /** A packet with the response magic `\0RES` sent to the hub. */
  requestMagicExpected: { code: 'INVALID_MAGIC', text: 'Request magic expected' },
  /** A packet type only a server sends (NOOP, JOB_ASSIGN …), or ALL_YOURS, which 1.1.20 rejects too. */
  commandNotExpected: { code: 'INVALID_COMMAND', text: 'Command not expected' },
  /** A type number the protocol does not have. */
  invalidCommand: { code: 'INVALID_COMMAND', text: 'Invalid command expected' },
  invalidPacket: { code: 'INVALID_PACKET', text: 'Too few arguments for the packet type' },
  packetTooLarge: { code: 'ARGUMENT_TOO_LARGE', text: 'Packet arguments exceed the hub limit' },
} as const;

export type HubErrorName = keyof typeof hubErrors;

/** The ERROR packet `code\0text` for one of {@link hubErrors}. */
export function errorPacket(name: HubErrorName): GearmanPacket {
  const { code, text } = hubErrors[name];
  return response('ERROR', code, text);
}
