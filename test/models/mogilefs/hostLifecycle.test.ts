import { describe, expect, it } from 'vitest';
import { hostMachine, isSilent } from '../../../sim/models/mogilefs/hostLifecycle.js';
import { accepts, walk } from './lifecycleSteps.js';

describe('storage host lifecycle (Host.pm observed_state, Monitor.pm)', () => {
  it('a host that stops answering is unreachable only once a monitor cycle has noticed', () => {
    expect(walk(hostMachine, ['probe.failed', 'monitor.cycle'])).toEqual(['reachable', 'unanswered', 'unreachable']);
  });

  it('a host that answers again is reachable after the next cycle', () => {
    expect(walk(hostMachine, ['probe.failed', 'monitor.cycle', 'probe.answered', 'monitor.cycle'])).toEqual([
      'reachable', 'unanswered', 'unreachable', 'answering', 'reachable',
    ]);
  });

  it('a host back before any cycle noticed was never unreachable', () => {
    expect(walk(hostMachine, ['probe.failed', 'probe.answered'])).toEqual(['reachable', 'unanswered', 'reachable']);
  });

  it('a cycle changes nothing for a host whose answering has not changed', () => {
    expect(accepts(hostMachine, [], 'monitor.cycle')).toBe(false);
    expect(accepts(hostMachine, ['probe.failed', 'monitor.cycle'], 'monitor.cycle')).toBe(false);
  });

  it('copies fail to and from a host that does not answer, whether or not the monitor has noticed', () => {
    expect(['reachable', 'unanswered', 'unreachable', 'answering'].map((state) => isSilent(state as never))).toEqual([false, true, true, false]);
  });
});
