import { describe, expect, it } from 'vitest';
import { Outbox } from '../../sim/contract/outbox.js';

type Note = { type: 'note'; n: number };

describe('an outbox', () => {
  it('hands over what one event produced, in order, and nothing of it again at the next flush', () => {
    const out = new Outbox<Note>();
    out.send(7, 'a');
    out.emit({ type: 'note', n: 1 });
    out.close(7);
    const first: unknown[] = [];
    out.flush((effect) => first.push(effect));
    expect(first).toEqual([{ type: 'tcp.send', connId: 7, message: 'a' }, { type: 'note', n: 1 }, { type: 'tcp.close', connId: 7 }]);
    out.emit({ type: 'note', n: 2 });
    expect(out.drain()).toEqual([{ type: 'note', n: 2 }]);
    expect(out.drain()).toEqual([]);
  });

  it('hands over an effect emitted while it flushes in the same flush, after the others', () => {
    const out = new Outbox<Note>();
    out.emit({ type: 'note', n: 1 });
    out.emit({ type: 'note', n: 2 });
    const seen: number[] = [];
    out.flush((effect) => {
      if (effect.type !== 'note') return;
      seen.push(effect.n);
      if (effect.n === 1) out.emit({ type: 'note', n: 3 });
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(out.drain()).toEqual([]);
  });

  it('drops the rest of a flush whose receiver throws, as a drained list would be gone', () => {
    const out = new Outbox<Note>();
    out.emit({ type: 'note', n: 1 });
    out.emit({ type: 'note', n: 2 });
    expect(() => out.flush(() => { throw new Error('receiver failed'); })).toThrow('receiver failed');
    out.emit({ type: 'note', n: 3 });
    expect(out.drain()).toEqual([{ type: 'note', n: 3 }]);
  });
});
