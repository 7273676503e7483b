import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveMogstoredCommand, liveStackCommand } from '../../sim/cli/liveHttpCommands.js';
import { userpicBytes } from '../../sim/live/http/userpicBytes.js';
import { simCli } from '../helpers/simCli.js';
import { httpGet } from '../live/http/httpGet.js';

describe('sim live mogstored, app and perlbal options', () => {
  it.each([
    [['live', 'perlbal', '--listen', '127.0.0.1:0', '--pool', '127.0.0.1:1', '--reproxy', 'sometimes'], /--reproxy expects close or keepalive, got "sometimes"/],
    [['live', 'perlbal', '--listen', '127.0.0.1', '--pool', '127.0.0.1:1'], /--listen expects HOST:PORT such as 127\.0\.0\.1:8080/],
    [['live', 'perlbal', '--listen', '127.0.0.1:0', '--pool', '127.0.0.1:1,'], /--pool expects HOST:PORT\[,HOST:PORT…\]/],
    [['live', 'app', '--listen', '127.0.0.1:0', '--storage', '127.0.0.1:7500', '--replicas', '2'], /--replicas expects an integer from 1 to 1, got "2"/],
    [['live', 'mogstored', '--listen', '127.0.0.1:0', '--root', '/no/such/dir'], /--root expects an existing directory, got "\/no\/such\/dir"/],
  ])('exits 2 naming the option and what it allows for %j', async (...args) => {
    const [argv, message] = args as [string[], RegExp];
    const { code, err } = await simCli(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

describe('sim live mogstored', () => {
  let out = '';
  let root = '';
  beforeEach(() => {
    out = '';
    root = mkdtempSync(join(tmpdir(), 'sim-livecli-'));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('prints "listening on HOST:PORT" alone on a line, serves the userpics it created, and exits 0 on the stop signal', async () => {
    let body: Buffer | null = null;
    const whileServing = async () => {
      while (!/listening on /.test(out)) await new Promise((resolve) => setTimeout(resolve, 5));
      const port = Number(/^listening on 127\.0\.0\.1:(\d+)$/m.exec(out)?.[1]);
      body = (await httpGet(port, '/dev2/4.fid')).body;
      return 'SIGTERM';
    };
    expect(await liveMogstoredCommand({ listen: '127.0.0.1:0', root, files: '5', device: '2' }, whileServing)).toBe(0);
    expect(out).toMatch(/^listening on 127\.0\.0\.1:\d+\n$/);
    expect(body && Buffer.compare(body, Buffer.from(userpicBytes(4)))).toBe(0);
  });

  it('sim live stack serves a userpic through the proxy, reproxied from a storage node, and exits 0 on the stop signal', async () => {
    let body: Buffer | null = null;
    const whileServing = async () => {
      while (!/listening on /.test(out)) await new Promise((resolve) => setTimeout(resolve, 5));
      const port = Number(/^listening on 127\.0\.0\.1:(\d+)$/m.exec(out)?.[1]);
      body = (await httpGet(port, '/userpic/6')).body;
      return 'SIGINT';
    };
    expect(await liveStackCommand({ listen: '127.0.0.1:0', nodes: '2', files: '8', reproxy: 'close' }, whileServing)).toBe(0);
    expect(body && Buffer.compare(body, Buffer.from(userpicBytes(6)))).toBe(0);
  });
});
