import { linuxPortTableDefaults, type PortTableSettings } from './portTable.js';

/** A host's TCP kernel settings: its port table plus the timers of the connection model. */
export interface TcpSettings extends PortTableSettings {
  /** Listen backlog used when a listener gives none (Linux somaxconn, 4 096 since 5.4). */
  readonly backlogDefault: number;
  /** First SYN retransmission after this long, doubling after each (Linux TCP_TIMEOUT_INIT, 1 s). */
  readonly synRtoInitialMs: number;
  /** `net.ipv4.tcp_syn_retries`: 6 retransmissions, so connect() gives up after 127 s. */
  readonly synRetries: number;
  /** Data retransmission starts at the minimum RTO (TCP_RTO_MIN, 200 ms), doubling. */
  readonly rtoMinMs: number;
  /** TCP_RTO_MAX, 120 s. */
  readonly rtoMaxMs: number;
  /** `net.ipv4.tcp_retries2`: 15 retransmissions before an open connection times out. */
  readonly dataRetries: number;
  /** `net.ipv4.tcp_fin_timeout`: an orphaned FIN_WAIT_2 socket lives this long (60 s). */
  readonly finTimeoutMs: number;
}

export const linuxTcpDefaults: TcpSettings = {
  ...linuxPortTableDefaults,
  backlogDefault: 4_096,
  synRtoInitialMs: 1_000,
  synRetries: 6,
  rtoMinMs: 200,
  rtoMaxMs: 120_000,
  dataRetries: 15,
  finTimeoutMs: 60_000,
};
