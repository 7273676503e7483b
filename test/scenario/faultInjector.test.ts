import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { ephemeralPorts } from '../../scenarios/ephemeral-ports.js';
import { describeTopology } from '../../sim/scenario/describeTopology.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import { UsageError } from '../../sim/scenario/usageError.js';

const short = { durationMs: '20000', ratePerSec: '50' };

function run(faults: string[]) {
  return runScenario(ephemeralPorts, linuxModern, { seed: 3, set: short, faults }).summary;
}

describe('faults in the fault language on a scenario', () => {
  it('lists the names faults can use', () => {
    const topology = describeTopology(ephemeralPorts, linuxModern, short);
    expect(topology.hosts.map((host) => host.name)).toEqual(['client', 'server']);
    expect(topology.processes).toEqual([{ name: 'server', host: 'server', supervised: true }]);
  });

  it('a crashed server leaves SYNs unanswered: requests wait out SYN retransmissions and succeed once it is back', () => {
    const clean = run([]);
    const crashed = run(['crash server at 5s for 5s']);
    expect(clean.metrics['requests.latencyMs.max']).toBeLessThan(10);
    // Linux retransmits a SYN after 1 s, then 3 s and 7 s after the first: a 5 s outage is
    // survived by every request, the one sent at its start waiting 7 s.
    expect(crashed.metrics['requests.failed']).toBe(0);
    expect(crashed.metrics['requests.ok']).toBe(clean.metrics['requests.ok']);
    expect(crashed.metrics['requests.latencyMs.max']).toBeGreaterThanOrEqual(5_000);
    expect(crashed.metrics['requests.latencyMs.max']).toBeLessThan(7_100);
    expect(crashed.params.faults).toBe('crash server at 5s for 5s');
    expect(crashed.replay).toContain("--fault 'crash server at 5s for 5s'");
  });

  it('a killed server process resets what waited in its backlog and comes back at once', () => {
    const killed = run(['kill server at 5s']);
    expect(killed.passed).toBe(true);
    expect(killed.metrics['requests.ok']).toBeGreaterThan(0);
  });

  it('the same faults and seed give the same trace hash', () => {
    const faults = ['partition client|server at 2s for 3s', 'delay client-server +20ms at 8s for 4s', 'loss client-server 10% at 13s for 2s'];
    expect(run(faults).traceHash).toBe(run(faults).traceHash);
    expect(run(faults).traceHash).not.toBe(run([]).traceHash);
  });

  it('refuses a fault naming a host or process the topology lacks, listing the names, before the run', () => {
    expect(() => run(['crash sto1 at 1s'])).toThrow(UsageError);
    expect(() => run(['crash sto1 at 1s'])).toThrow(/not a host of this topology: hosts are client, server/);
    expect(() => run(['kill client at 1s'])).toThrow(/processes are server/);
    expect(() => run(['crash server at 30s'])).toThrow(/after the run ends/);
  });
});
