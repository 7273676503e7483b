/** Which proxy the reproduction runs: our live Perlbal machine, or the real Perlbal 1.80. */
export type ProxyPeer = 'ours' | 'perlbal';

/** Settings of one live reproduction of the port-exhaustion incident. */
export interface ReproductionSettings {
  readonly ratePerSec: number;
  readonly durationMs: number;
  readonly portRange: { readonly low: number; readonly high: number };
  /** `net.ipv4.tcp_tw_reuse` in the namespace: 0 off, 1 on, 2 loopback only (everything there is loopback). */
  readonly twReuse: 0 | 1 | 2;
  /** close: a new storage connection per file, the proxy closing first; keepalive: reused. */
  readonly reproxy: 'close' | 'keepalive';
  readonly peer: ProxyPeer;
  /**
   * live: `sim live mogstored` and `sim live app`, the simulator's machines. stand-in:
   * standInBackends.ts, whose storage node refuses keep-alive in `close` mode, so a proxy
   * that always asks for it (Perlbal 1.80) still opens one connection per file.
   */
  readonly backends: 'live' | 'stand-in';
  readonly storageNodes: number;
  /** The checkout whose `sim/cli/sim.ts` and stand-in backends the children run. */
  readonly repoRoot: string;
  /** A line of progress for the terminal. */
  readonly onProgress?: (line: string) => void;
}

/**
 * The ports inside the proxy's namespace (backends on 127.0.0.1, outside any narrowed
 * ephemeral range), and the addresses of the veth pair to the clients' namespace.
 */
export const reproductionPorts = { proxy: 8080, app: 8081, storageFirst: 7500, proxyAddress: '10.211.0.1', clientAddress: '10.211.0.2' } as const;
