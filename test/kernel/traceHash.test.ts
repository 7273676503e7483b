import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceHash, mixNumber, mixWord } from '../../sim/kernel/traceHash.js';

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

/** The per-event fold as first written, a word each for the names, two for the numbers: hashes must never change. */
function referenceHex(events: readonly Event[]): string {
  let a = 0x5bd1_e995 | 0;
  let b = 0x27d4_eb2f | 0;
  for (const [t, actor, type, key] of events) {
    a = mixNumber(mixWord(mixWord(mixNumber(a, t), actor), type), key);
    b = mixNumber(mixNumber(mixWord(mixWord(b, type), actor), key), t);
  }
  return [a, b].map((lane) => finalizeForTest(lane)).join('');
}

function finalizeForTest(h: number): string {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0).toString(16).padStart(8, '0');
}

describe('trace hash, folded word by word', () => {
  it('gives the value of mixing each field as two words, for any events', () => {
    fc.assert(fc.property(fc.array(event), (events) => {
      expect(hashOf(events)).toBe(referenceHex(events));
    }));
  });
});
