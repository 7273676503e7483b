import { describe, expect, it } from 'vitest';
import { JobHolders } from '../../sim/check/jobHolders.js';

/** Every holder with its index, in order, as the checker reads them. */
function entries(holders: JobHolders): [string, number][] {
  const seen: [string, number][] = [];
  holders.forEach((worker, index) => seen.push([worker, index]));
  return seen;
}

describe('the holders of a job', () => {
  it('keep the order holds began in, as a Map would, when the first holder lets go', () => {
    const holders = new JobHolders();
    holders.add('w1', 3);
    holders.add('w2', 5);
    holders.add('w3', 8);
    expect(holders.delete('w1')).toBe(true);
    holders.add('w4', 9);
    expect(entries(holders)).toEqual([['w2', 5], ['w3', 8], ['w4', 9]]);
    expect(holders.workers()).toEqual(['w2', 'w3', 'w4']);
    expect(holders.size).toBe(3);
  });

  it('answer a worker that holds nothing with undefined, and its delete with false', () => {
    const holders = new JobHolders();
    holders.add('w1', 2);
    expect(holders.get('w1')).toBe(2);
    expect(holders.get('w9')).toBeUndefined();
    expect(holders.delete('w9')).toBe(false);
    expect(holders.delete('w1')).toBe(true);
    expect(holders.size).toBe(0);
    expect(holders.delete('w1')).toBe(false);
  });

  it('are empty after clear, and take a new first holder', () => {
    const holders = new JobHolders();
    holders.add('w1', 1);
    holders.add('w2', 4);
    holders.clear();
    expect(entries(holders)).toEqual([]);
    holders.add('w3', 6);
    expect(entries(holders)).toEqual([['w3', 6]]);
  });
});
