import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../sim/kernel/randomStream.js';
import { nextArrivalMs } from '../../sim/scenario/arrivals.js';
import { parseLoadShape, rateAt, type LoadShape } from '../../sim/scenario/loadShape.js';
import { UsageError } from '../../sim/scenario/usageError.js';

/** Every arrival of the shape from 0 to `endMs`, drawn from one seeded stream. */
function arrivals(shape: LoadShape, endMs: number, seed = 1): number[] {
  const random = new RandomStream('load', seed);
  const times: number[] = [];
  let t: number | null = 0;
  while ((t = nextArrivalMs(shape, t, endMs, random)) !== null) times.push(t);
  return times;
}

const countBetween = (times: number[], fromMs: number, toMs: number): number => times.filter((t) => t >= fromMs && t < toMs).length;

describe('load shapes', () => {
  it('reads each form and the spacing', () => {
    expect(parseLoadShape('constant 600/s')).toMatchObject({ kind: 'constant', ratePerSec: 600, spacing: 'exponential' });
    expect(parseLoadShape('ramp 100/s to 600/s over 1m even')).toMatchObject({ kind: 'ramp', fromPerSec: 100, toPerSec: 600, overMs: 60_000, spacing: 'even' });
    expect(parseLoadShape('steps 100/s, 300/s at 20s, 600/s at 40s')).toMatchObject({ kind: 'steps', steps: [{ atMs: 0, ratePerSec: 100 }, { atMs: 20_000, ratePerSec: 300 }, { atMs: 40_000, ratePerSec: 600 }] });
    expect(parseLoadShape('spike 200/s x5 at 30s for 10s')).toMatchObject({ kind: 'spike', ratePerSec: 200, factor: 5, atMs: 30_000, forMs: 10_000 });
    expect(parseLoadShape('diurnal 100/s to 900/s over 10m')).toMatchObject({ kind: 'diurnal', minPerSec: 100, maxPerSec: 900, periodMs: 600_000 });
  });

  it('refuses what is no shape, listing the forms', () => {
    expect(() => parseLoadShape('lots of traffic')).toThrow(UsageError);
    expect(() => parseLoadShape('constant 600')).toThrow(/expected one of\n {2}constant 600\/s/);
    expect(() => parseLoadShape('steps 1/s, 2/s at 20s, 3/s at 10s')).toThrow(/increasing time/);
  });

  it('follows the shape: a ramp climbs, a spike multiplies, a diurnal curve peaks half-way', () => {
    const ramp = parseLoadShape('ramp 100/s to 600/s over 10s');
    expect([rateAt(ramp, 0), rateAt(ramp, 5_000), rateAt(ramp, 20_000)]).toEqual([100, 350, 600]);
    const diurnal = parseLoadShape('diurnal 100/s to 900/s over 100s');
    expect(rateAt(diurnal, 0)).toBeCloseTo(100);
    expect(rateAt(diurnal, 50_000)).toBeCloseTo(900);
  });

  it('spaces even arrivals at exactly 1/rate', () => {
    const times = arrivals(parseLoadShape('constant 100/s even'), 10_000);
    expect(times).toHaveLength(999);
    expect(times[1]! - times[0]!).toBeCloseTo(10);
  });

  it('draws Poisson arrivals whose counts follow the rate, the same for the same seed', () => {
    const constant = arrivals(parseLoadShape('constant 50/s'), 100_000);
    expect(Math.abs(constant.length - 5_000)).toBeLessThan(250);
    expect(arrivals(parseLoadShape('constant 50/s'), 100_000)).toEqual(constant);
    expect(arrivals(parseLoadShape('constant 50/s'), 100_000, 2)).not.toEqual(constant);
    const spike = arrivals(parseLoadShape('spike 100/s x5 at 20s for 10s'), 40_000);
    const before = countBetween(spike, 0, 10_000);
    const during = countBetween(spike, 20_000, 30_000);
    expect(during / before).toBeGreaterThan(4);
    expect(during / before).toBeLessThan(6);
  });

  it('pauses while the rate is zero and resumes after', () => {
    const times = arrivals(parseLoadShape('steps 0/s, 10/s at 5s even'), 10_000);
    expect(times[0]).toBeGreaterThanOrEqual(5_000);
    expect(times.length).toBeGreaterThanOrEqual(48);
  });
});

describe('a shaped load on ephemeral-ports', () => {
  it('issues requests on the shape and keeps the default schedule when unset', async () => {
    const { runScenario } = await import('../../sim/scenario/runScenario.js');
    const { ephemeralPorts } = await import('../../scenarios/ephemeral-ports.js');
    const { linuxModern } = await import('../../profiles/linux-modern.js');
    const spike = runScenario(ephemeralPorts, linuxModern, { seed: 5, set: { durationMs: '20000', load: 'spike 50/s x4 at 10s for 5s' } }).summary;
    // 15 s at 50/s and 5 s at 200/s: 1 750 expected, Poisson.
    expect(Math.abs((spike.metrics['requests.attempted'] ?? 0) - 1_750)).toBeLessThan(150);
    expect(spike.passed).toBe(true);
    const plain = runScenario(ephemeralPorts, linuxModern, { seed: 5, set: { durationMs: '20000', ratePerSec: '50' } }).summary;
    expect(plain.metrics['requests.attempted']).toBe(1_000);
    expect(() => runScenario(ephemeralPorts, linuxModern, { seed: 5, set: { durationMs: '20000', load: 'ramp fast' } })).toThrow(UsageError);
  });
});
