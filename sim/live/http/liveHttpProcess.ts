import type { AnyActorLogic, InputFrom } from 'xstate';
import { LiveHost } from '../host/liveHost.js';
import { httpCodec } from './httpCodec.js';

/** A model serving HTTP on a real port: where it listens, and how to stop it. */
export interface LiveHttpProcess {
  readonly host: string;
  readonly port: number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Stops listening and drops every connection; bounded in time. */
  stop(): Promise<void>;
}

/** Where to listen; port 0 picks a free one. */
export interface LiveHttpAddress {
  readonly host: string;
  readonly port: number;
  /** The machine threw: a bug in our code; the process has stopped serving. */
  readonly onFailure?: (error: unknown) => void;
}

/** How long a stop may wait for sockets to close: SIGINT and SIGTERM must end the process within 1 s. */
const stopMsMax = 800;

/** Hosts `machine` with the HTTP codec on real sockets and the real clock until stopped. */
export async function startLiveHttp<TMachine extends AnyActorLogic>(machine: TMachine, input: InputFrom<TMachine>, address: LiveHttpAddress): Promise<LiveHttpProcess> {
  const host = new LiveHost(machine, input, { host: address.host, port: address.port, codec: httpCodec(), onFailure: address.onFailure, gatherSmallReads: false });
  const bound = await host.start();
  const stop = () => Promise.race([host.stop(), new Promise<void>((resolve) => setTimeout(resolve, stopMsMax).unref())]);
  return { host: bound.host, port: bound.port, accepted: () => host.accepted, stop };
}
