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

describe('reports print shares as percentages', () => {
  const summary = fakeRunResult().summary;

  it('writes a share of a whole as a percentage with the raw value beside it', () => {
    expect(metricText(summary, 'ndb.availability', 0.975)).toBe('97.5 % (0.975)');
    expect(metricText(summary, 'ndb.availability', 1)).toBe('100.0 % (1)');
    expect(metricText(summary, 'reads.deadFirstShare', 0.5)).toBe('50.0 % (0.5)');
    expect(metricText(summary, 'http.requests.failed.share', 0.0197)).toBe('2.0 % (0.0197)');
  });

  it('leaves counts whose names merely contain the word alone', () => {
    expect(metricText(summary, 'ndb.availabilityChecks', 3)).toBe('3');
    expect(metricText(summary, 'ndb.availability', null)).toBe('—');
  });
});
