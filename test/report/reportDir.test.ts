import { describe, expect, it } from 'vitest';
import { defaultReportDir, variantDirName } from '../../sim/report/reportDir.js';
import { fakeRunResult } from './fixture.js';

describe('a run gets its own report folder named after what it changed', () => {
  it('puts runs with different parameters of the same seed in different folders', () => {
    const base = fakeRunResult().summary;
    const close = defaultReportDir({ ...base, scenario: 'port-exhaustion', seed: 1, variant: 'reproxy=close' });
    const keepalive = defaultReportDir({ ...base, scenario: 'port-exhaustion', seed: 1, variant: 'reproxy=keepalive' });
    expect(close).toBe('reports/port-exhaustion/reproxy=close/1');
    expect(keepalive).toBe('reports/port-exhaustion/reproxy=keepalive/1');
  });

  it('names a run at its defaults "defaults" and joins several changes with +', () => {
    expect(variantDirName('defaults')).toBe('defaults');
    expect(variantDirName('kill=1,2 profile=linux-2005')).toBe('kill=1,2+profile=linux-2005');
  });

  it('hashes labels with characters unsafe in a path, so 1,3|2,4 and 1,3>2,4 stay apart', () => {
    const cut = variantDirName('kill=(none) partition=1,3|2,4');
    const oneWay = variantDirName('kill=(none) partition=1,3>2,4');
    expect(cut).toMatch(/^kill=_none_\+partition=1,3_2,4-[0-9a-f]{8}$/);
    expect(oneWay).not.toBe(cut);
  });
});
