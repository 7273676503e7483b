import { linuxTcpDefaults } from '../sim/net/tcpSettings.js';
import { defineProfile } from '../sim/scenario/profile.js';

/**
 * A 2.6-era machine as LiveJournal ran in 2005 (docs/seed-post.md): port range 32768–61000
 * (DOMAIN.md §6), no tcp_tw_reuse (the setting arrived later), listen backlog 128
 * (somaxconn before Linux 5.4). TIME_WAIT is the same 60 s.
 */
export const linux2005 = defineProfile({
  name: 'linux-2005',
  summary: 'Linux 2.6 of 2005: ports 32768-61000, TIME_WAIT 60 s, no tw_reuse, backlog 128',
  tcp: {
    ...linuxTcpDefaults,
    portRange: { low: 32_768, high: 61_000 },
    twReuse: 0,
    backlogDefault: 128,
    timeWaitReapIntervalMs: 0,
  },
  machines: { web: 4, storage: 8, db: 4 },
});
