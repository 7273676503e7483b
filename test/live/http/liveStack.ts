import { startLiveStack as start, type LiveStack } from '../../../sim/live/http/liveStack.js';
import type { LivePerlbalOptions } from '../../../sim/live/http/livePerlbal.js';

export type { LiveStack } from '../../../sim/live/http/liveStack.js';

/** The live stack on loopback with free ports, as the tests use it. */
export function startLiveStack(options: { nodes: number; files: number; perlbal?: Partial<LivePerlbalOptions> }): Promise<LiveStack> {
  return start({ host: '127.0.0.1', port: 0, ...options });
}
