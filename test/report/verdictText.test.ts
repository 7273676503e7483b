import { describe, expect, it } from 'vitest';
import { verdictText } from '../../sim/report/verdictText.js';
import { fakeRunResult } from './fixture.js';

describe('the verdict says whether the expectations held and what the system did', () => {
  it('reads a predicted outage as PASSED with what happened', () => {
    const summary = { ...fakeRunResult('server').summary, outcome: 'the cluster shut down, as the survival rule predicts' };
    expect(verdictText(summary)).toBe('PASSED: the cluster shut down, as the survival rule predicts');
  });

  it('names the expectations that did not hold, then what happened', () => {
    const summary = { ...fakeRunResult('client').summary, outcome: 'ports ran out at 47.06 s' };
    expect(verdictText(summary)).toMatch(/^FAILED: 2 of 2 expectations did not hold \(no EADDRNOTAVAIL; ports below range\).*; ports ran out at 47.06 s$/);
  });

  it('says a run that stopped early checked nothing', () => {
    const summary = { ...fakeRunResult('server').summary, stopReason: 'eventsMax' as const, passed: false };
    expect(verdictText(summary)).toBe('FAILED: the run stopped early (eventsMax), so nothing it predicts was checked');
  });
});
