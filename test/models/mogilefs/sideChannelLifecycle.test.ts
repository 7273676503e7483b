import { describe, expect, it } from 'vitest';
import { sideChannelMachine } from '../../../sim/models/mogilefs/sideChannelLifecycle.js';
import { accepts, walk } from '../../helpers/walkMachine.js';

describe('side channel socket lifecycle (Connection/Mogstored.pm)', () => {
  it('opens on first need, is cached idle, waits while a size question is out, and is idle again once answered', () => {
    expect(walk(sideChannelMachine, ['connect', 'connected', 'size.asked', 'size.asked', 'size.answered'])).toEqual([
      'noSocket', 'connecting', 'idle', 'waiting', 'waiting', 'idle',
    ]);
  });

  it('a failed connect, a timeout or a close leaves it broken for good: the next need opens a new socket', () => {
    expect(walk(sideChannelMachine, ['connect', 'socket.lost'])).toEqual(['noSocket', 'connecting', 'broken']);
    expect(walk(sideChannelMachine, ['connect', 'connected', 'size.asked', 'socket.lost'])).toEqual(['noSocket', 'connecting', 'idle', 'waiting', 'broken']);
    expect(accepts(sideChannelMachine, ['connect', 'socket.lost'], 'connect')).toBe(false);
  });

  it('no size question goes out before the socket is connected', () => {
    expect(accepts(sideChannelMachine, ['connect'], 'size.asked')).toBe(false);
  });
});
