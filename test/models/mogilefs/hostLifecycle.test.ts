import { describe, expect, it } from 'vitest';
import { hostFacts, hostMachine } from '../../../sim/models/mogilefs/hostLifecycle.js';
import { accepts, walk } from '../../helpers/walkMachine.js';

describe('storage host lifecycle (Host.pm status and observed_state, Monitor.pm)', () => {
  it('a host that stops answering is unreachable only once a monitor cycle has noticed', () => {
    expect(walk(hostMachine, ['probe.failed', 'monitor.cycle'])).toEqual(['alive.reachable', 'alive.unanswered', 'alive.unreachable']);
  });

  it('a host that answers again is reachable after the next cycle', () => {
    expect(walk(hostMachine, ['probe.failed', 'monitor.cycle', 'probe.answered', 'monitor.cycle'])).toEqual([
      'alive.reachable', 'alive.unanswered', 'alive.unreachable', 'alive.answering', 'alive.reachable',
    ]);
  });

  it('a host back before any cycle noticed was never unreachable', () => {
    expect(walk(hostMachine, ['probe.failed', 'probe.answered'])).toEqual(['alive.reachable', 'alive.unanswered', 'alive.reachable']);
  });

  it('a cycle changes nothing for a host whose answering has not changed', () => {
    expect(accepts(hostMachine, [], 'monitor.cycle')).toBe(false);
    expect(accepts(hostMachine, ['probe.failed', 'monitor.cycle'], 'monitor.cycle')).toBe(false);
  });

  it("an admin's mark keeps what the monitor has seen, and the monitor goes on watching a down host", () => {
    expect(walk(hostMachine, ['probe.failed', 'mark.down', 'monitor.cycle', 'mark.alive'])).toEqual([
      'alive.reachable', 'alive.unanswered', 'down.unanswered', 'down.unreachable', 'alive.unreachable',
    ]);
  });

  it('only an alive host lets its devices work; copies fail to and from one that does not answer, noticed or not', () => {
    expect(hostFacts['alive.reachable']).toMatchObject({ alive: true, silent: false });
    expect(hostFacts['down.reachable']).toMatchObject({ alive: false, silent: false });
    expect(['unanswered', 'unreachable', 'answering'].map((observed) => hostFacts[`alive.${observed}` as keyof typeof hostFacts].silent)).toEqual([true, true, false]);
  });
});
