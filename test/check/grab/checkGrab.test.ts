import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseOfToken, checkGrab } from '../../../sim/check/grab/checkGrab.js';
import type { GrabModel } from '../../../sim/check/grab/grabModel.js';
import { formatReplayToken, parseReplayToken } from '../../../sim/check/grab/replayToken.js';
import type { GrabEvent } from '../../../sim/contract/grabHistory.js';
import { UsageError } from '../../../sim/scenario/usageError.js';

/**
 * A model with a planted bug, to test the machinery apart from any real system: a case is a
 * list of job sizes, and a job bigger than 5 is handed to two workers at once.
 */
const plantedBug: GrabModel<number[]> = {
  name: 'naive',
  modes: ['requeue'],
  arbitrary: () => fc.array(fc.nat(20), { minLength: 1, maxLength: 30 }),
  run: (sizes) => {
    const history: GrabEvent[] = [];
    sizes.forEach((size, index) => {
      const job = `j${index}`;
      const atUs = index * 10;
      history.push({ kind: 'submitted', atUs, job }, { kind: 'assigned', atUs, job, worker: 'w1' });
      if (size > 5) history.push({ kind: 'assigned', atUs, job, worker: 'w2' });
      history.push({ kind: 'completed', atUs: atUs + 1, job, worker: 'w1' });
      if (size > 5) history.push({ kind: 'completed', atUs: atUs + 1, job, worker: 'w2' });
    });
    return { history, traceHash: '0', events: history.length, simulatedMs: sizes.length / 100 };
  },
  faults: () => false,
  format: (sizes) => sizes.join(' '),
};

describe('sim check grab machinery', () => {
  it('shrinks a failing case to the minimal one and names the double hold', () => {
    const outcome = checkGrab(plantedBug, { runs: 200, seed: 7, mode: 'requeue' });
    expect(outcome.passed).toBe(false);
    expect(outcome.counterexample?.schedule).toBe('6');
    expect(outcome.counterexample?.violations.join('\n')).toMatch(/doubleHold/);
  });

  it('regenerates exactly the shrunk case from its replay token', () => {
    const outcome = checkGrab(plantedBug, { runs: 200, seed: 11, mode: 'requeue' });
    const token = outcome.counterexample?.token;
    expect(token).toBeDefined();
    const parsed = parseReplayToken(formatReplayToken(token!));
    expect(parsed).toEqual(token);
    expect(caseOfToken(plantedBug, parsed).join(' ')).toBe(outcome.counterexample?.schedule);
  });

  it('keeps the seed and the replay token when the model throws instead of producing a history', () => {
    const throwing: GrabModel<number[]> = {
      ...plantedBug,
      run: (sizes) => {
        if (sizes.some((size) => size > 5)) throw new Error('model bug: job too big');
        return plantedBug.run(sizes, 'requeue');
      },
    };
    const outcome = checkGrab(throwing, { runs: 200, seed: 7, mode: 'requeue' });
    expect(outcome.passed).toBe(false);
    expect(outcome.counterexample?.schedule).toBe('6');
    expect(outcome.counterexample?.tokenText).toMatch(/^grab1\.naive\.requeue\.7\./);
    expect(outcome.counterexample?.violations.join('\n')).toContain('the model threw: Error: model bug: job too big');
  });

  it('passes when no case breaks the property', () => {
    const safe: GrabModel<number[]> = { ...plantedBug, arbitrary: () => fc.array(fc.nat(5), { minLength: 1 }) };
    expect(checkGrab(safe, { runs: 100, seed: 3, mode: 'requeue' })).toMatchObject({ passed: true, runs: 100, counterexample: null });
  });

  it('rejects a malformed token, saying what a token looks like', () => {
    expect(() => parseReplayToken('grab1.hub.sideways.1.0')).toThrow(UsageError);
    expect(() => parseReplayToken('nonsense')).toThrow(/grab1\.<model>\.<mode>\.<seed>\.<path>/);
  });
});
