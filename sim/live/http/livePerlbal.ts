import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { perlbalMachine, type Backend, type PerlbalInput, type ReproxyMode } from '../../models/perlbal/proxy.js';
import { startLiveHttp, type LiveHttpAddress, type LiveHttpProcess } from './liveHttpProcess.js';

export interface LivePerlbalOptions extends LiveHttpAddress {
  readonly pool: readonly Backend[];
  readonly reproxyMode: ReproxyMode;
  readonly persistClient: boolean;
  readonly persistBackend: boolean;
  readonly verifyBackend: boolean;
  /** Seed of the backend pick: the same seed picks the same nodes in the same order. */
  readonly seed: number;
}

/**
 * Our Perlbal (`perlbalMachine`, the simulator's) as a reverse proxy on a real port, on
 * the real clock: its backend and reproxy connects are real connects (LiveHost), so it
 * meets ECONNREFUSED, EADDRNOTAVAIL and TIME_WAIT from the real kernel.
 */
export function startLivePerlbal(options: LivePerlbalOptions): Promise<LiveHttpProcess> {
  const generator = xoroshiro128plus(options.seed);
  const input: PerlbalInput = {
    port: options.port === 0 ? 80 : options.port,
    backends: options.pool,
    random: () => uniformFloat64(generator),
    reproxyMode: options.reproxyMode,
    persistClient: options.persistClient,
    persistBackend: options.persistBackend,
    verifyBackend: options.verifyBackend,
  };
  return startLiveHttp(perlbalMachine, input, options);
}
