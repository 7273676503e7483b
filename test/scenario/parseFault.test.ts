import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultEndMs, faultHosts } from '../../sim/scenario/fault.js';
import { parseFault } from '../../sim/scenario/parseFault.js';
import { UsageError } from '../../sim/scenario/usageError.js';

describe('the fault language', () => {
  it('reads each form with times in ms, s and m', () => {
    expect(parseFault('crash sto1 at 30s for 60s')).toMatchObject({ kind: 'crash', host: 'sto1', atMs: 30_000, forMs: 60_000 });
    expect(parseFault('crash ndb1 at 10s')).toMatchObject({ kind: 'crash', host: 'ndb1', atMs: 10_000, forMs: null });
    expect(parseFault('restart ndb1 at 1.5m')).toMatchObject({ kind: 'restart', host: 'ndb1', atMs: 90_000 });
    expect(parseFault('kill worker3 at 1500ms')).toMatchObject({ kind: 'kill', process: 'worker3', atMs: 1_500 });
    expect(parseFault('partition ndb1,ndb3|ndb2,ndb4 at 40s for 20s')).toMatchObject({ kind: 'partition', from: ['ndb1', 'ndb3'], to: ['ndb2', 'ndb4'], oneWay: false, atMs: 40_000, forMs: 20_000 });
    expect(parseFault('partition a>b,c at 1s')).toMatchObject({ kind: 'partition', from: ['a'], to: ['b', 'c'], oneWay: true });
    expect(parseFault('delay app1-ndb2 +50ms at 5s for 10s')).toMatchObject({ kind: 'delay', a: 'app1', b: 'ndb2', extraMs: 50 });
    expect(parseFault('loss proxy-sto1 5% at 2m')).toMatchObject({ kind: 'loss', a: 'proxy', b: 'sto1', lossPercent: 5, atMs: 120_000 });
  });

  it('folds white space and keeps the fault as written', () => {
    expect(parseFault('  crash   sto1 at 30s ').text).toBe('crash sto1 at 30s');
  });

  it('names the hosts a fault touches and when it heals', () => {
    expect(faultHosts(parseFault('partition a,b|c at 1s'))).toEqual(['a', 'b', 'c']);
    expect(faultEndMs(parseFault('crash a at 1s for 2s'))).toBe(3_000);
    expect(faultEndMs(parseFault('crash a at 1s'))).toBeNull();
  });

  const bad: readonly [string, RegExp][] = [
    ['crash sto1 at 30', /time after "at" is "30" \(word 4\), not a number with ms, s or m/],
    ['crash sto1', /no "at T"/],
    ['explode sto1 at 1s', /starts with "explode" \(position 1\)/],
    ['crash sto1 at 1s for 0s', /more than 0/],
    ['crash sto1 at 1s for soon', /duration after "for" is "soon"/],
    ['partition a,b|b,c at 1s', /b stands on both sides/],
    ['loss a-b 100% at 1s', /less than 100%/],
    ['delay a-b 50ms at 1s', /do not fit the delay form/],
  ];

  it.each(bad)('refuses %j, saying where and listing the forms', (text, reason) => {
    let error: unknown;
    try {
      parseFault(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(reason);
    if (!/more than 0|both sides|less than 100/.test(reason.source)) expect((error as Error).message).toContain('crash HOST at T [for D]');
  });

  it('refuses an overlong string without echoing it', () => {
    expect(() => parseFault(`crash ${'a'.repeat(10_000)} at 1s`)).toThrow(/10012 characters long; at most 400/);
  });

  it('reads back every crash it can write (property)', () => {
    const hostName = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
    fc.assert(
      fc.property(hostName, fc.integer({ min: 0, max: 10_000_000 }), fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }), (host, atMs, forMs) => {
        const fault = parseFault(`crash ${host} at ${atMs}ms${forMs === null ? '' : ` for ${forMs}ms`}`);
        expect(fault).toMatchObject({ kind: 'crash', host, atMs, forMs });
      }),
    );
  });
});
