import { describe, expect, it } from 'vitest';
import { reproxyHostLifecycle, reproxyHostMachine } from '../../../sim/models/perlbal/reproxyHostLifecycle.js';
import { accepts, walk } from '../../helpers/walkMachine.js';

describe('Perlbal reproxy host lifecycle (ReproxyManager.pm)', () => {
  it('a first connect makes the host serving; the last connection closing empties it', () => {
    expect(walk(reproxyHostMachine, ['SPAWN', 'CONNECTED', 'LAST_CLOSED'])).toEqual(['empty', 'connecting', 'serving.open', 'empty']);
  });

  it('a bad connect with nothing open leaves the host empty: that is when its queue moves on', () => {
    expect(walk(reproxyHostMachine, ['SPAWN', 'BAD_CONNECT'])).toEqual(['empty', 'connecting', 'empty']);
  });

  it('a bad connect while connections are open keeps the host serving', () => {
    expect(walk(reproxyHostMachine, ['SPAWN', 'CONNECTED', 'SPAWN', 'BAD_CONNECT'])).toEqual(['empty', 'connecting', 'serving.open', 'serving.connecting', 'serving.open']);
  });

  it('one connect in flight at a time', () => {
    expect(accepts(reproxyHostMachine, ['SPAWN'], 'SPAWN')).toBe(false);
    expect(accepts(reproxyHostMachine, ['SPAWN', 'CONNECTED', 'SPAWN'], 'SPAWN')).toBe(false);
  });

  it('the last open connection closing while a connect is in flight leaves just the connect', () => {
    expect(walk(reproxyHostMachine, ['SPAWN', 'CONNECTED', 'SPAWN', 'LAST_CLOSED', 'CONNECT_CLOSED'])).toEqual([
      'empty', 'connecting', 'serving.open', 'serving.connecting', 'connecting', 'empty',
    ]);
    expect(reproxyHostLifecycle.states).toHaveLength(4);
  });
});
