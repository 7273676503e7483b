import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../sim/report/formatNumber.js';

describe('formatNumber', () => {
  it.each([
    [null, '—'],
    [0, '0'],
    [1234567, '1234567'],
    [-42, '-42'],
    [1834.7, '1834.7'],
    [3.14159, '3.142'],
    [0.5, '0.5'],
    [0.000123456, '0.000123'],
    [-0.0456789, '-0.0457'],
    [Number.NaN, 'NaN'],
  ])('formats %s as %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});
