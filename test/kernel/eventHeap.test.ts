import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeap } from '../../sim/kernel/eventHeap.js';

describe('event heap', () => {
  it('pops in (time, insertion sequence) order for any pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const heap = new EventHeap<{ timeUs: number; seq: number }>();
        times.forEach((timeUs, seq) => heap.push({ timeUs, seq }));
        const popped: { timeUs: number; seq: number }[] = [];
        for (let entry = heap.pop(); entry; entry = heap.pop()) popped.push(entry);
        const expected = times.map((timeUs, seq) => ({ timeUs, seq })).sort((a, b) => a.timeUs - b.timeUs || a.seq - b.seq);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('keeps the order when pushes and pops interleave', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 300 }), (ops) => {
        const heap = new EventHeap<{ timeUs: number; seq: number }>();
        const reference: { timeUs: number; seq: number }[] = [];
        ops.forEach((op, seq) => {
          if (op >= 0) {
            heap.push({ timeUs: op, seq });
            reference.push({ timeUs: op, seq });
            reference.sort((a, b) => a.timeUs - b.timeUs || a.seq - b.seq);
          } else {
            expect(heap.pop()).toEqual(reference.shift());
          }
        });
        expect(heap.size).toBe(reference.length);
      }),
    );
  });
});
