import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { ndbNodeFailure } from '../../scenarios/ndb-node-failure.js';
import { portExhaustion } from '../../scenarios/port-exhaustion.js';
import { runScenario } from '../../sim/scenario/runScenario.js';

describe('summary.json tells what happened and when, and the predicted bounds', () => {
  it('ndb-node-failure kill=1: the kill at 10 000 ms, then detection 4 heartbeats later', () => {
    const { summary } = runScenario(ndbNodeFailure, linuxModern, { seed: 1, set: { kill: '1', durationMs: '20000' } });
    expect(summary.annotations).toContainEqual({ atMs: 10_000, kind: 'fault', label: 'crash ndbd1 at 10s' });
    expect(summary.annotations).toContainEqual({ atMs: 16_500, kind: 'detection', label: 'survivors detect the failure' });
    expect(summary.limits).toContainEqual(expect.objectContaining({ name: 'detection time', value: 6_500, unit: 'ms' }));
  });

  it('port-exhaustion reproxy=close: the first EADDRNOTAVAIL, and the port budget as a limit on the ports chart', () => {
    const { summary } = runScenario(portExhaustion, linuxModern, { seed: 1, set: { reproxy: 'close', durationMs: '50000' } });
    const first = summary.annotations?.find((annotation) => annotation.label === 'first EADDRNOTAVAIL');
    expect(first?.atMs).toBeCloseTo(47_060, -2);
    expect(summary.limits).toContainEqual(expect.objectContaining({ name: 'port budget', value: 28_232, unit: 'ports', chart: 'ports' }));
  }, 120_000);
});
