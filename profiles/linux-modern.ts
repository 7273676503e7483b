import { linuxTcpDefaults } from '../sim/net/tcpSettings.js';
import { defineProfile } from '../sim/scenario/profile.js';

/**
 * A current Linux machine (kernel 6.x), the settings DOMAIN.md §6 measured: port range
 * 32768–60999, TIME_WAIT 60 s reaped in batches every 2.048 s (HZ=250), tcp_tw_reuse 2
 * (loopback only), timestamps on.
 */
export const linuxModern = defineProfile({
  name: 'linux-modern',
  summary: 'Linux 6.x defaults: ports 32768-60999, TIME_WAIT 60 s reaped every 2.048 s, tw_reuse=2',
  tcp: { ...linuxTcpDefaults, timeWaitReapIntervalMs: 2_048 },
  machines: { web: 4, storage: 8, db: 4 },
});
