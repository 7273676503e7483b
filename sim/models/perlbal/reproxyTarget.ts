import type { HttpRequest } from '../http/httpMessage.js';

/**
 * One URL of an `X-REPROXY-URL` header: where a storage node serves a file. Made once per
 * distinct header and shared by every request for the file, so what each request would
 * build from it is built here once: the host's `ip:port` key and the `GET` in either mode.
 */
export interface ReproxyTarget {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** `host:port`, the key of Perlbal's per-host reproxy state (ReproxyManager.pm keys it by `ip:port`). */
  readonly hostKey: string;
  /** `GET path HTTP/1.0` with `Connection: close` and with `Connection: keep-alive`; never mutated. */
  readonly getClose: HttpRequest;
  readonly getKeepAlive: HttpRequest;
}

function getRequest(path: string, connection: 'close' | 'keep-alive'): HttpRequest {
  return { kind: 'httpRequest', method: 'GET', path, version: '1.0', headers: { connection }, bodyBytes: 0 };
}

function target(host: string, port: number, path: string): ReproxyTarget {
  return { host, port, path, hostKey: `${host}:${port}`, getClose: getRequest(path, 'close'), getKeepAlive: getRequest(path, 'keep-alive') };
}

/**
 * The URLs of an `X-REPROXY-URL` header, in order (ClientProxy.pm `start_reproxy_uri`: space-separated, tried
 * first to last). A URL that is not `http://host[:port]/path` cannot be fetched, so it is
 * left out, as if its connect had failed.
 */
export function parseReproxyUrls(header: string): readonly ReproxyTarget[] {
  let targets = parsedHeaders.get(header);
  if (targets === undefined) {
    if (parsedHeaders.size >= parsedHeadersMax) parsedHeaders.clear();
    targets = parse(header);
    parsedHeaders.set(header, targets);
  }
  return targets;
}

/**
 * Headers parsed already: a file's locations repeat on every request for it (a userpic
 * fetched thousands of times), and the parse was a regular expression per URL per request.
 * Bounded, since a run may see many distinct headers; the lists are never mutated.
 */
const parsedHeaders = new Map<string, readonly ReproxyTarget[]>();
const parsedHeadersMax = 4_096;

function parse(header: string): readonly ReproxyTarget[] {
  const targets: ReproxyTarget[] = [];
  for (const url of header.split(/\s+/)) {
    const match = /^http:\/\/([^/:\s]+)(?::(\d+))?(\/\S*)?$/.exec(url);
    if (!match) continue;
    const port = match[2] === undefined ? 80 : Number(match[2]);
    if (port < 1 || port > 65_535) continue;
    targets.push(target(match[1] as string, port, match[3] ?? '/'));
  }
  return targets;
}

/** `X-REPROXY-EXPECTED-SIZE` as bytes, or null when absent or not a number (then any size is taken). */
export function parseExpectedSize(header: string | undefined): number | null {
  if (header === undefined || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}
