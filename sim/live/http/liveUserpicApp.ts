import { userpicAppMachine } from '../../models/app/userpicApp.js';
import { startLiveHttp, type LiveHttpAddress, type LiveHttpProcess } from './liveHttpProcess.js';

export interface LiveUserpicAppOptions extends LiveHttpAddress {
  /** Storage nodes, `host:port`; node j holds `dev<j+1>`. */
  readonly storage: readonly string[];
  readonly replicas: number;
}

/** The userpic web app (`userpicAppMachine`) on a real port: Perlbal's backend that answers with `X-REPROXY-URL`. */
export function startLiveUserpicApp(options: LiveUserpicAppOptions): Promise<LiveHttpProcess> {
  const input = { port: options.port === 0 ? 8080 : options.port, backlog: 128, storage: options.storage, replicas: options.replicas };
  return startLiveHttp(userpicAppMachine, input, options);
}
