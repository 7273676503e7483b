import type { Kernel } from '../kernel/kernel.js';
import { ndbPagePrefix } from '../models/app/ndbPageApp.js';
import { httpClientMachine } from '../models/http/httpClient.js';
import type { Network } from '../net/network.js';
import { SimProcess } from '../net/simProcess.js';
import type { TcpSettings } from '../net/tcpSettings.js';
import type { Metrics } from '../report/metrics.js';

/** The browsers' side of `frontend=http`: start a page, and put what the pages got into the metrics. */
export interface PageBrowser {
  /** Fetches the page of transaction `tag` (a row of `partition`) from a backend, on a new connection. */
  fetch(tag: number, partition: number, endpoint: { readonly ip: number; readonly port: number }): void;
  /** Sets the `http.*` metrics; `committed` transactions should each have had one 200. */
  finish(committed: number): void;
}

/**
 * Browsers for `frontend=http`: one host, one connection per page (as 2005 browsers behind
 * Perlbal), counting what each page got and how long it took.
 */
export function pageBrowser(network: Network, tcp: Partial<TcpSettings>, metrics: Metrics, kernel: Kernel): PageBrowser {
  const pathOf = new Map<number, string>();
  const startedUs = new Map<number, number>();
  const tagOfConn = new Map<number, number>();
  const counts = { ok: 0, unavailable: 0, noResponse: 0 };
  const client = new SimProcess(network, network.addHost('browser1', '10.0.9.1', tcp), 'browser1', httpClientMachine, {
    requestOf: (tag) => ({ kind: 'httpRequest', method: 'GET', path: pathOf.get(tag) ?? '/', version: '1.0', headers: {}, bodyBytes: 0 }),
  }, (report) => {
    if (report.type === 'http.connectFailed') {
      counts.noResponse++;
      return;
    }
    const tag = tagOfConn.get(report.connId);
    if (tag === undefined) return;
    tagOfConn.delete(report.connId);
    if (report.type === 'http.noResponse') {
      counts.noResponse++;
      return;
    }
    if (report.status === 200) counts.ok++;
    else counts.unavailable++;
    metrics.recordUs('http.latency', kernel.nowUs - (startedUs.get(tag) ?? kernel.nowUs));
    startedUs.delete(tag);
  });
  return {
    fetch(tag: number, partition: number, endpoint: { readonly ip: number; readonly port: number }): void {
      pathOf.set(tag, `${ndbPagePrefix}${tag}/${partition}`);
      startedUs.set(tag, kernel.nowUs);
      const socket = client.connect(endpoint, tag);
      if (socket) tagOfConn.set(socket.connId, tag);
    },
    finish(committed: number): void {
      metrics.set('http.ok', counts.ok);
      metrics.set('http.okNotCommitted', counts.ok - committed);
      metrics.set('http.unavailable', counts.unavailable);
      metrics.set('http.noResponse', counts.noResponse);
      for (const suffix of ['p50', 'p99']) metrics.declare(`http.latencyMs.${suffix}`);
    },
  };
}
