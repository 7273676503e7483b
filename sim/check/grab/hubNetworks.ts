import { Kernel } from '../../kernel/kernel.js';
import type { TraceLog } from '../../kernel/traceLog.js';
import type { Host } from '../../net/host.js';
import { Network } from '../../net/network.js';
import { workerPlacement } from '../../topology/hubTopology.js';

/** The hosts of one grab case's topology, without processes: hubs, then workers, then clients. */
export interface HubNetwork {
  readonly kernel: Kernel;
  readonly network: Network;
  readonly hubs: readonly Host[];
  readonly workers: readonly Host[];
  readonly clients: readonly Host[];
}

/** The shape a network is built for: what must match for a run to reuse it. */
export interface HubNetworkShape {
  readonly seed: number;
  readonly hubs: number;
  readonly workers: number;
  readonly clients: number;
}

/** Shapes kept at most (the default case bounds give 2 × 4 × 3 = 24 per seed). */
const shapesMax = 64;

/**
 * Networks for grab property runs, built once per shape and reset after each run. A property
 * check runs thousands of small cases over a few dozen topologies; building each case's
 * hosts anew (port tables, random streams, names) and collecting them afterwards was about
 * half of a run. A reset network is the network built fresh (Network.reset; the hub grab
 * tests compare trace hashes and histories of both), so reuse changes no outcome.
 *
 * A traced run (`traceLog`) always gets a fresh network: its kernel carries the log. A
 * network is handed out to one run at a time; a run started inside another (none does
 * today) gets a fresh one rather than resetting the network under its caller.
 */
export class HubNetworks {
  private readonly built = new Map<string, HubNetwork>();
  private readonly inUse = new Set<HubNetwork>();

  /** A network of `shape` as built (reset by its last `release`, or just built); `release` it when the run is over. */
  take(shape: HubNetworkShape, traceLog: TraceLog | null): HubNetwork {
    if (traceLog) return buildHubNetwork(shape, traceLog);
    const key = `${shape.seed}/${shape.hubs}/${shape.workers}/${shape.clients}`;
    const kept = this.built.get(key);
    if (kept && !this.inUse.has(kept)) {
      this.inUse.add(kept);
      return kept;
    }
    const fresh = buildHubNetwork(shape, null);
    if (!kept && this.built.size < shapesMax) {
      this.built.set(key, fresh);
      this.inUse.add(fresh);
    }
    return fresh;
  }

  /**
   * The run on `network` is over: it is reset now rather than when next taken, so that it
   * stops holding the run's sockets, processes and queued events, which would otherwise
   * live on (and be copied by every young-generation collection) until its shape comes up again.
   */
  release(network: HubNetwork): void {
    if (!this.inUse.delete(network)) return;
    network.network.reset();
  }
}

/** Builds the hosts of `shape`: hub<i> on 10.0.1.x, workers as `workerPlacement` puts them, client<i> on 10.0.3.x. */
export function buildHubNetwork(shape: HubNetworkShape, traceLog: TraceLog | null): HubNetwork {
  const kernel = new Kernel(shape.seed, traceLog);
  const network = new Network(kernel);
  const hubs = Array.from({ length: shape.hubs }, (_, index) => network.addHost(`hub${index}`, `10.0.1.${index + 1}`));
  const workers = Array.from({ length: shape.workers }, (_, index) => {
    const place = workerPlacement(index);
    return network.addHost(place.name, place.ip);
  });
  const clients = Array.from({ length: shape.clients }, (_, index) => network.addHost(`client${index}`, `10.0.3.${index + 1}`));
  return { kernel, network, hubs, workers, clients };
}
