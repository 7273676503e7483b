import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../../sim/models/http/httpMessage.js';
import { webAppDefaults, webAppMachine, type WebAppEvent, type WebAppRecord } from '../../../sim/models/app/webApp.js';
import type { TrackerReply, TrackerRequest } from '../../../sim/models/mogilefs/trackerMessage.js';
import type { TcpEffect as TcpOnly } from '../../../sim/contract/tcpEffect.js';

/** What the app emits: TCP effects, and its record of a stored upload. */
type TcpEffect = TcpOnly | WebAppRecord;
import { KernelHostedProcess } from '../../helpers/kernelHostedProcess.js';

const trackerConnId = 500;

/** One web app process on the kernel; `connectTracker` answers its tracker connect. */
function startApp() {
  const app = new KernelHostedProcess('app', webAppMachine, { ...webAppDefaults, tracker: { host: 'tracker', port: 7001 } });
  const effects: TcpEffect[] = app.effects;
  const step = (event: WebAppEvent): TcpEffect[] => app.send(event);
  const connectTracker = (): TcpEffect[] => step({ type: 'tcp.connected', connId: trackerConnId, tag: 1, localPort: 40_000 });
  return { effects, step, advance: (ms: number) => app.advance(ms), connectTracker };
}

function get(path: string, headers: Record<string, string> = { connection: 'close' }): HttpRequest {
  return { kind: 'httpRequest', method: 'GET', path, version: '1.0', headers, bodyBytes: 0 };
}

function pathsReply(paths: string[]): TrackerReply {
  return { kind: 'trackerReply', ok: true, command: 'get_paths', paths };
}

function notFoundReply(): TrackerReply {
  return { kind: 'trackerReply', ok: false, command: 'get_paths', error: 'unknown_key' };
}

function sentTo(effects: TcpEffect[], connId: number): unknown[] {
  return effects.flatMap((effect) => (effect.type === 'tcp.send' && effect.connId === connId ? [effect.message] : []));
}

function closed(effects: TcpEffect[], connId: number): boolean {
  return effects.some((effect) => effect.type === 'tcp.close' && effect.connId === connId);
}

describe('web app (Perlbal backend)', () => {
  it('listens on 8080 and opens one connection to the tracker', () => {
    const { effects } = startApp();
    expect(effects).toEqual([
      { type: 'tcp.listen', port: 8080, backlog: 128 },
      { type: 'tcp.connect', host: 'tracker', port: 7001, tag: 1 },
    ]);
  });

  it('a userpic asks the tracker get_paths for its key with noverify, and answers X-REPROXY-URL with the paths, then closes', () => {
    const app = startApp();
    app.connectTracker();
    const asked = app.step({ type: 'tcp.message', connId: 7, message: get('/userpic/pic42') });
    const [lookup] = sentTo(asked, trackerConnId) as TrackerRequest[];
    // LiveJournal's userpic handler passed noverify => 1: no size check on the side channel.
    expect(lookup).toMatchObject({ kind: 'trackerRequest', command: 'get_paths', args: { key: 'pic42', noverify: true } });
    const urls = ['http://sto1:7500/dev1/43.fid', 'http://sto2:7500/dev2/43.fid'];
    const answered = app.step({ type: 'tcp.message', connId: trackerConnId, message: pathsReply(urls) });
    const [response] = sentTo(answered, 7) as HttpResponse[];
    expect(response).toMatchObject({ status: 200, bodyBytes: 0, headers: { 'x-reproxy-url': urls.join(' '), 'content-length': '0' } });
    expect(closed(answered, 7)).toBe(true);
  });

  it('an unknown key answers 404 without X-REPROXY-URL', () => {
    const app = startApp();
    app.connectTracker();
    app.step({ type: 'tcp.message', connId: 7, message: get('/userpic/nobody') });
    const [response] = sentTo(app.step({ type: 'tcp.message', connId: trackerConnId, message: notFoundReply() }), 7) as HttpResponse[];
    expect(response?.status).toBe(404);
    expect(response?.headers['x-reproxy-url']).toBeUndefined();
  });

  it('tracker replies are matched to requests in the order the lookups were sent', () => {
    const app = startApp();
    app.connectTracker();
    app.step({ type: 'tcp.message', connId: 7, message: get('/userpic/a') });
    app.step({ type: 'tcp.message', connId: 8, message: get('/userpic/b') });
    const first = app.step({ type: 'tcp.message', connId: trackerConnId, message: pathsReply(['http://sto1:7500/dev1/1.fid']) });
    const second = app.step({ type: 'tcp.message', connId: trackerConnId, message: pathsReply(['http://sto1:7500/dev1/2.fid']) });
    expect((sentTo(first, 7)[0] as HttpResponse).headers['x-reproxy-url']).toBe('http://sto1:7500/dev1/1.fid');
    expect((sentTo(second, 8)[0] as HttpResponse).headers['x-reproxy-url']).toBe('http://sto1:7500/dev1/2.fid');
  });

  it('a page outside the userpic prefix is answered directly, and keep-alive holds when Perlbal asks for it', () => {
    const app = startApp();
    app.connectTracker();
    const effects = app.step({ type: 'tcp.message', connId: 9, message: get('/index.html', { connection: 'keep-alive' }) });
    const [page] = sentTo(effects, 9) as HttpResponse[];
    expect(page).toMatchObject({ status: 200, bodyBytes: webAppDefaults.pageBytes, headers: { connection: 'keep-alive' } });
    expect(closed(effects, 9)).toBe(false);
    expect(sentTo(effects, trackerConnId)).toEqual([]);
  });

  it('lookups asked while the tracker is not yet connected are sent once it is', () => {
    const app = startApp();
    const asked = app.step({ type: 'tcp.message', connId: 7, message: get('/userpic/early') });
    expect(asked.filter((effect) => effect.type === 'tcp.send')).toEqual([]);
    const up = app.connectTracker();
    expect(sentTo(up, trackerConnId)).toMatchObject([{ command: 'get_paths', args: { key: 'early' } }]);
  });

  it('losing the tracker answers its pending lookups 503 and reconnects after reconnectMs', () => {
    const app = startApp();
    app.connectTracker();
    app.step({ type: 'tcp.message', connId: 7, message: get('/userpic/a') });
    const lost = app.step({ type: 'tcp.peerClosed', connId: trackerConnId });
    expect(closed(lost, trackerConnId)).toBe(true);
    expect((sentTo(lost, 7)[0] as HttpResponse).status).toBe(503);
    expect(app.advance(webAppDefaults.reconnectMs - 1)).toEqual([]);
    // Connect tags are unique for the life of the process (contract Outbox): the second connect is tag 2.
    expect(app.advance(1)).toEqual([{ type: 'tcp.connect', host: 'tracker', port: 7001, tag: 2 }]);
  });

  it('a refused tracker connect is retried after reconnectMs', () => {
    const app = startApp();
    app.step({ type: 'tcp.connectFailed', tag: 1, errno: 'ECONNREFUSED' });
    expect(app.advance(webAppDefaults.reconnectMs)).toEqual([{ type: 'tcp.connect', host: 'tracker', port: 7001, tag: 2 }]);
  });
});

describe('web app with a database for pages (the livejournal stack)', () => {
  const pages = { host: 'api1', port: 8080, prefix: '/post/' };

  function startWithPages() {
    const app = new KernelHostedProcess('app', webAppMachine, { ...webAppDefaults, tracker: { host: 'tracker', port: 7001 }, pages });
    const step = (event: WebAppEvent): TcpEffect[] => app.send(event);
    step({ type: 'tcp.connected', connId: trackerConnId, tag: 1, localPort: 40_000 });
    return step;
  }

  it('a page asks the database on a new connection and answers Perlbal with what the database answered', () => {
    const step = startWithPages();
    const asked = step({ type: 'tcp.message', connId: 7, message: get('/post/12/3', { connection: 'keep-alive' }) });
    expect(asked).toEqual([{ type: 'tcp.connect', host: 'api1', port: 8080, tag: 2 }]);
    const sent = step({ type: 'tcp.connected', connId: 600, tag: 2, localPort: 40_001 });
    expect(sentTo(sent, 600)).toEqual([{ ...get('/post/12/3'), headers: {} }]);
    const page: HttpResponse = { kind: 'httpResponse', status: 200, version: '1.0', headers: { 'content-length': '8000' }, bodyBytes: 8_000 };
    const answered = step({ type: 'tcp.message', connId: 600, message: page });
    expect(sentTo(answered, 7)).toEqual([{ ...page, headers: { 'content-length': '8000', connection: 'keep-alive' } }]);
    expect(closed(answered, 7)).toBe(false);
  });

  it('a page whose database cannot be reached, or goes away before answering, is a 503', () => {
    const step = startWithPages();
    step({ type: 'tcp.message', connId: 7, message: get('/post/1/0') });
    const refused = step({ type: 'tcp.connectFailed', tag: 2, errno: 'ECONNREFUSED' });
    expect(sentTo(refused, 7)).toMatchObject([{ status: 503 }]);
    expect(closed(refused, 7)).toBe(true);
    step({ type: 'tcp.message', connId: 8, message: get('/post/2/0') });
    step({ type: 'tcp.connected', connId: 601, tag: 3, localPort: 40_002 });
    const lost = step({ type: 'tcp.aborted', connId: 601, errno: 'ECONNRESET' });
    expect(sentTo(lost, 8)).toMatchObject([{ status: 503 }]);
  });

  it('userpics still go to the tracker', () => {
    const step = startWithPages();
    const asked = step({ type: 'tcp.message', connId: 9, message: get('/userpic/pic1') });
    expect(sentTo(asked, trackerConnId)).toMatchObject([{ command: 'get_paths' }]);
  });
});

describe('web app uploads (MogileFS::Client store_file)', () => {
  function startWithUploads() {
    const app = new KernelHostedProcess('app', webAppMachine, { ...webAppDefaults, tracker: { host: 'tracker', port: 7001 }, uploadPrefix: '/upload/' });
    const step = (event: WebAppEvent): TcpEffect[] => app.send(event);
    step({ type: 'tcp.connected', connId: trackerConnId, tag: 1, localPort: 40_000 });
    return step;
  }
  const upload: HttpRequest = { kind: 'httpRequest', method: 'PUT', path: '/upload/pic7', version: '1.0', headers: {}, bodyBytes: 20_000 };
  const opened: TrackerReply = { kind: 'trackerReply', ok: true, command: 'create_open', fid: 1_001, device: 2, path: 'http://sto2:7500/dev2/1001.fid' };

  it('create_open, a PUT of the body to the path it names, create_close, then 201 and the upload recorded', () => {
    const step = startWithUploads();
    const asked = step({ type: 'tcp.message', connId: 7, message: upload });
    expect(sentTo(asked, trackerConnId)).toMatchObject([{ command: 'create_open', args: { key: 'pic7', sizeBytes: 20_000 } }]);
    expect(step({ type: 'tcp.message', connId: trackerConnId, message: opened })).toEqual([{ type: 'tcp.connect', host: 'sto2', port: 7500, tag: 2 }]);
    const put = step({ type: 'tcp.connected', connId: 600, tag: 2, localPort: 40_001 });
    expect(sentTo(put, 600)).toMatchObject([{ method: 'PUT', path: '/dev2/1001.fid', bodyBytes: 20_000 }]);
    const stored = step({ type: 'tcp.message', connId: 600, message: { kind: 'httpResponse', status: 200, version: '1.0', headers: {}, bodyBytes: 0 } });
    expect(closed(stored, 600)).toBe(true);
    expect(sentTo(stored, trackerConnId)).toMatchObject([{ command: 'create_close', args: { fid: 1_001, device: 2, sizeBytes: 20_000 } }]);
    const done = step({ type: 'tcp.message', connId: trackerConnId, message: { kind: 'trackerReply', ok: true, command: 'create_close' } });
    expect(done).toContainEqual({ type: 'webApp.uploaded', key: 'pic7', fid: 1_001 });
    expect(sentTo(done, 7)).toMatchObject([{ status: 201 }]);
  });

  it('a failed PUT (mogstored down) or a tracker with no device answers 503 and records nothing', () => {
    const step = startWithUploads();
    step({ type: 'tcp.message', connId: 7, message: upload });
    step({ type: 'tcp.message', connId: trackerConnId, message: opened });
    const refused = step({ type: 'tcp.connectFailed', tag: 2, errno: 'ETIMEDOUT' });
    expect(sentTo(refused, 7)).toMatchObject([{ status: 503 }]);
    step({ type: 'tcp.message', connId: 8, message: upload });
    const full = step({ type: 'tcp.message', connId: trackerConnId, message: { kind: 'trackerReply', ok: false, command: 'create_open', error: 'no_devices' } });
    expect(sentTo(full, 8)).toMatchObject([{ status: 503 }]);
    expect([...refused, ...full].some((effect) => effect.type === 'webApp.uploaded')).toBe(false);
  });
});
