import { describe, expect, it } from 'vitest';
import { metricText } from '../../sim/report/summaryTables.js';
import { fakeRunResult } from './fixture.js';

describe('reports print enumerations as words', () => {
  const summary = { ...fakeRunResult().summary, enumerations: { 'ndb.outcome': ['shut down', 'running'] } };

  it('writes the word with the value beside it', () => {
    expect(metricText(summary, 'ndb.outcome', 1)).toBe('running (1)');
    expect(metricText(summary, 'ndb.outcome', 0)).toBe('shut down (0)');
  });

  it('leaves other metrics as numbers', () => {
    expect(metricText(summary, 'txn.committed', 5980)).toBe('5980');
    expect(metricText(summary, 'ndb.outcome', null)).toBe('—');
  });
});
