import { encodePacket, replyText } from '../gearman/gearmanEncoder.js';
import { RequestDecoder } from '../gearman/gearmanDecoder.js';
import { errorPacket } from '../../models/jobhub/hubError.js';
import { resolveJobHubSettings, type JobHubInput } from '../../models/jobhub/jobHubSettings.js';
import { response, type HubReply } from '../../models/jobhub/packet.js';
import { jobHubMachine } from '../../models/jobhub/server.js';
import { LiveHost } from '../host/liveHost.js';
import type { WireCodec } from '../host/wireCodec.js';
import { gearmanLimitDefaults, heldBytesMaxDefault } from '../gearman/gearmanLimits.js';
import { HeldBytesBudget } from '../gearman/heldBytesBudget.js';

/** Where and how to run the live hub. */
export interface LiveJobHubOptions {
  /** Address to bind (default 127.0.0.1: loopback only). */
  readonly host?: string;
  /** Port to bind (default 4730, the Gearman PROTOCOL file); 0 picks a free one. */
  readonly port?: number;
  /** The hub machine's input (mode, retries …); its `port` is set from `port`. */
  readonly hub?: JobHubInput;
  readonly onFailure?: (error: unknown) => void;
  /** Unsent bytes a connection may pile up before it is dropped (default 64 MiB). */
  readonly writeBufferBytesMax?: number;
  /** Unsent bytes past which a connection is neither read nor answered until it drains (default 1 MiB). */
  readonly replyBytesHighWater?: number;
  /** Bytes all connections together may hold for partial packets (default 256 MiB). */
  readonly heldBytesMax?: number;
}

/** A running live hub: its bound address and how to stop it. */
export interface LiveJobHub {
  readonly host: string;
  readonly port: number;
  /** Stops serving; resolves when every socket is closed, or after {@link stopMsMax} at the latest. */
  stop(): Promise<void>;
}

/** How long a stop may wait for sockets to close: SIGINT and SIGTERM must end the process within 1 s. */
const stopMsMax = 800;

/**
 * The codec of a Gearman server: requests in, replies out. A packet over the size limit gets
 * ERROR ARGUMENT_TOO_LARGE before the connection closes, a partial packet the server has no
 * room left to hold ERROR MEMORY_ALLOCATION_FAILURE; other garbage (a bad magic, a type
 * number the Gearman PROTOCOL file lacks) closes it with no reply, as gearmand 1.1.20 does.
 */
function gearmanServerCodec(packetArgBytesMax: number, heldBytesMax: number): WireCodec {
  const limits = { ...gearmanLimitDefaults, packetArgBytesMax };
  // One budget for all of this server's connections: partial packets of many slow senders together.
  const budget = new HeldBytesBudget(heldBytesMax);
  return {
    createDecoder: () => new RequestDecoder(limits, budget),
    encode: (message) => replyText(message as HubReply),
    farewell: (error) => {
      if (error.reason === 'tooLarge') return encodePacket(errorPacket('packetTooLarge'));
      // gearmand's name for a failed allocation (libgearman/strerror.cc); the text is ours.
      if (error.reason === 'heldBytesOver') return encodePacket(response('ERROR', 'MEMORY_ALLOCATION_FAILURE', 'Server holds too many partial packets'));
      return null;
    },
  };
}

/**
 * Starts `jobHubMachine`, the same process logic the simulator runs, on a real TCP port with
 * the real clock (the host's timers drive CAN_DO_TIMEOUT). It records no grab history
 * unless `hub.recordHistory` asks for it (then the records are dropped: there is no checker).
 */
export async function startLiveJobHub(options: LiveJobHubOptions = {}): Promise<LiveJobHub> {
  const port = options.port ?? 4730;
  // The machine's own port setting must be 1..65535; with port 0 the host picks the real one.
  const settings = resolveJobHubSettings({ recordHistory: false, ...options.hub, port: port === 0 ? 4730 : port });
  const host = new LiveHost(jobHubMachine, settings, {
    host: options.host ?? '127.0.0.1',
    port,
    codec: gearmanServerCodec(settings.packetArgBytesMax, options.heldBytesMax ?? heldBytesMaxDefault),
    // The hub's logic handles `tcp.messages` (server.ts): a burst read in one turn is one event.
    batchMessages: true,
    onFailure: options.onFailure,
    writeBufferBytesMax: options.writeBufferBytesMax,
    replyBytesHighWater: options.replyBytesHighWater,
  });
  const address = await host.start();
  const stop = () => Promise.race([host.stop(), new Promise<void>((resolve) => setTimeout(resolve, stopMsMax).unref())]);
  return { host: address.host, port: address.port, stop };
}
