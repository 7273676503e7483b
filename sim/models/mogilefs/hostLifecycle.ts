import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

export type HostState = 'reachable' | 'unanswered' | 'unreachable' | 'answering';

export type HostEvent = { readonly type: 'probe.failed' } | { readonly type: 'probe.answered' } | { readonly type: 'monitor.cycle' };

/**
 * A storage host as the tracker's monitor sees it. MogileFS-Server lib/MogileFS/Host.pm
 * keeps a host's `observed_state`, `reachable` or `unreachable`, which
 * lib/MogileFS/Worker/Monitor.pm sets once per cycle from its probes; between a host's
 * change and the next cycle the tracker still acts on the old observation. So a host that
 * stops answering is first `unanswered` (copies to or from it fail, but its devices are
 * still used), becomes `unreachable` at the next cycle (its devices with it), and one that
 * answers again is `answering` until the cycle after. The 2005 monitor ran no cycle that
 * marked anything (it only logged), so there a host that stops answering stays
 * `unanswered`.
 */
export const hostMachine = setup({
  types: { events: {} as HostEvent },
}).createMachine({
  id: 'storageHost',
  initial: 'reachable',
  states: {
    reachable: { on: { 'probe.failed': { target: 'unanswered' } } },
    unanswered: { on: { 'probe.answered': { target: 'reachable' }, 'monitor.cycle': { target: 'unreachable' } } },
    unreachable: { on: { 'probe.answered': { target: 'answering' } } },
    answering: { on: { 'probe.failed': { target: 'unreachable' }, 'monitor.cycle': { target: 'reachable' } } },
  },
});

export const hostLifecycle = compileLifecycle<HostState, HostEvent['type']>(hostMachine);

/** True while the host does not answer, whatever the monitor has noticed: a copy to or from it fails. */
export function isSilent(state: HostState): boolean {
  return state === 'unanswered' || state === 'unreachable';
}
