import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveHubProcess, type LiveHubProcess } from '../../../sim/live/peers/liveHubProcess.js';
import { startPeer, type PeerProcess } from '../../../sim/live/peers/peerProcess.js';
import { run } from '../helpers/run.js';

const perlScript = fileURLToPath(new URL('../perl/roundTrip.pl', import.meta.url));

let hub: LiveHubProcess;
let worker: PeerProcess | null = null;

beforeAll(async () => {
  hub = await startLiveHubProcess();
});

afterAll(async () => {
  await worker?.stop();
  await hub.stop();
});

/** Asks gearadmin until `predicate` holds on its output (the worker registers asynchronously); at most `triesMax` tries. */
async function gearadminUntil(args: string[], predicate: (stdout: string) => boolean, triesMax = 100): Promise<string> {
  let stdout = '';
  for (let attempt = 0; attempt < triesMax; attempt++) {
    stdout = (await run('gearadmin', ['-h', hub.host, '-p', String(hub.port), ...args])).stdout;
    if (predicate(stdout)) return stdout;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return stdout;
}

describe('sim live jobhub with the stock Gearman tools (DOMAIN.md §1)', () => {
  it('gearman -w -f reverse -- rev as worker and echo -n hello | gearman -f reverse as client give olleh', async () => {
    worker = startPeer('gearman', ['-h', hub.host, '-p', String(hub.port), '-w', '-f', 'reverse', '--', 'rev']);
    await gearadminUntil(['--status'], (out) => /^reverse\t\d+\t\d+\t1$/m.test(out));
    const client = await run('gearman', ['-h', hub.host, '-p', String(hub.port), '-f', 'reverse'], 'hello');
    expect(client.stderr).toBe('');
    expect(client.stdout).toBe('olleh');
  });

  it('gearadmin --status lists the function with its worker, and --workers lists the worker', async () => {
    const status = await gearadminUntil(['--status'], (out) => out.includes('reverse'));
    expect(status).toMatch(/^reverse\t0\t0\t1$/m);
    expect(status.trimEnd().endsWith('.')).toBe(true);
    const workers = await gearadminUntil(['--workers'], (out) => out.includes(': reverse'));
    expect(workers).toMatch(/^\d+ 127\.0\.0\.1 \S+ : reverse$/m);
  });

  it('Perl Gearman::Client round-trips a job through a Perl Gearman::Worker', async () => {
    const result = await run('perl', [perlScript, `${hub.host}:${hub.port}`, 'round trip'], '', 20_000);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('pirt dnuor\n');
  });

  it('stops cleanly on SIGTERM: exit code 0 and a last line saying so', async () => {
    const other = await startLiveHubProcess();
    expect(await other.stop()).toBe(0);
    expect(other.output()).toMatch(/stopped on SIGTERM/);
  });
});
