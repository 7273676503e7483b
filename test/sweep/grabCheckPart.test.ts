import { describe, expect, it } from 'vitest';
import { grabCheckParts, runGrabCheckParts } from '../../sim/sweep/grabCheckPart.js';

describe('sim check grab --jobs', () => {
  it('splits the cases over the parts, each with its own fast-check seed, part 0 keeping the given seed', () => {
    const parts = grabCheckParts('hub', 'requeue', 7, 10, 3);
    expect(parts.map((p) => [p.seed, p.runs])).toEqual([[7, 3], [8, 3], [9, 4]]);
    expect(grabCheckParts('hub', 'requeue', 4_294_967_295, 2, 2).map((p) => p.seed)).toEqual([4_294_967_295, 0]);
  });

  it('finds the planted bug of the naive model on worker threads, with a replay token naming the seed of its part', async () => {
    const outcome = await runGrabCheckParts(grabCheckParts('naive', 'requeue', 1, 10, 2));
    expect(outcome.passed).toBe(false);
    expect(outcome.counterexample?.tokenText).toMatch(/^grab1\.naive\.requeue\.(1|2)\./);
  });
});
