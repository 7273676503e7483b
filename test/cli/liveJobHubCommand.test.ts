import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveJobHubCommand } from '../../sim/cli/liveJobHubCommand.js';
import { main } from '../../sim/cli/main.js';

let out = '';
let err = '';

beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});

afterEach(() => vi.restoreAllMocks());

describe('sim live jobhub options', () => {
  it.each([
    [['--port', '99999'], /--port expects an integer from 0 to 65535, got "99999"/],
    [['--port', 'http'], /--port expects an integer/],
    [['--mode', 'x'], /--mode expects requeue or fail, got "x"/],
    [['--job-retries', '-1'], /--job-retries expects an integer from 0/],
    [['--host', 'two words'], /--host expects an IP address/],
    [['--host', '999.1.1.1'], /--host expects an IP address such as 127\.0\.0\.1 or localhost \(names other than localhost need --resolve-host\), got "999\.1\.1\.1"/],
    [['--host', 'example.com'], /need --resolve-host/],
  ])('exits 2 naming the option and what it allows for %j', async (args, message) => {
    expect(await main(['live', 'jobhub', ...args])).toBe(2);
    expect(err).toMatch(message);
  });

  it('exits 2 saying so when the port is already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = blocker.address() as { port: number };
    expect(await main(['live', 'jobhub', '--port', String(port)])).toBe(2);
    expect(err).toMatch(new RegExp(`cannot listen on 127.0.0.1:${port} \\(EADDRINUSE\\)`));
    await new Promise((resolve) => blocker.close(resolve));
  });

  it('prints its address, serves until the stop signal, and exits 0', async () => {
    const options = { host: '127.0.0.1', port: '0', mode: 'fail', jobRetries: '0' };
    expect(await liveJobHubCommand(options, async () => 'SIGINT')).toBe(0);
    expect(out).toMatch(/listening on 127\.0\.0\.1:\d+ \(pid \d+, mode fail, job retries unlimited\)\n.*stopped on SIGINT/s);
  });

  it('with --floor serves without the model and says so in its listening line', async () => {
    const options = { host: '127.0.0.1', port: '0', mode: 'requeue', jobRetries: '0', floor: true };
    expect(await liveJobHubCommand(options, async () => 'SIGTERM')).toBe(0);
    expect(out).toMatch(/listening on 127\.0\.0\.1:\d+ \(pid \d+, floor: no model, the perf load only\)\n.*stopped on SIGTERM/s);
  });
});
