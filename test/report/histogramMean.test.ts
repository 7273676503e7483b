import fc from 'fast-check';
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { meanOf } from '../../sim/report/metrics.js';

describe("a latency histogram's mean", () => {
  it("is exactly hdr-histogram-js's own mean, whatever the values recorded", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 100_000_000 }), { maxLength: 300 }), (valuesUs) => {
      const histogram = hdr.build({ numberOfSignificantValueDigits: 3, lowestDiscernibleValue: 1 });
      for (const valueUs of valuesUs) histogram.recordValue(valueUs);
      expect(meanOf(histogram)).toBe(histogram.mean);
    }), { seed: 16, numRuns: 300 });
  });
});
