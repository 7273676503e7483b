import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceHash } from '../../sim/kernel/traceHash.js';

type Event = [number, number, number, number];
const event = fc.tuple(fc.nat({ max: 2 ** 40 }), fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 40 }));

function hashOf(events: readonly Event[]): string {
  const hash = new TraceHash();
  for (const [t, actor, type, key] of events) hash.add(t, actor, type, key);
  return hash.hex();
}

describe('trace hash', () => {
  it('is equal for equal event sequences', () => {
    fc.assert(
      fc.property(fc.array(event), (events) => {
        expect(hashOf(events)).toBe(hashOf([...events]));
      }),
    );
  });

  it('changes when any field of any event changes', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1 }), fc.nat(), fc.integer({ min: 0, max: 3 }), (events, at, field) => {
        const changed = events.map((e) => [...e] as Event);
        const target = changed[at % changed.length] as Event;
        target[field] = (target[field] as number) + 1;
        expect(hashOf(changed)).not.toBe(hashOf(events));
      }),
    );
  });

  it('changes when two events swap places', () => {
    expect(hashOf([[1, 2, 3, 4], [1, 2, 3, 5]])).not.toBe(hashOf([[1, 2, 3, 5], [1, 2, 3, 4]]));
  });
});
