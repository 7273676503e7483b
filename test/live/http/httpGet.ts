import { request } from 'node:http';

/** A response as a test compares it: status, lower-case headers, body bytes. */
export interface GotResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** One request on a fresh connection (no agent), failing after `timeoutMs`. */
export function httpGet(port: number, path: string, options: { method?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<GotResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 5_000, () => req.destroy(new Error(`no answer to ${path} within ${options.timeoutMs ?? 5_000} ms`)));
    req.on('error', reject);
    req.end();
  });
}
