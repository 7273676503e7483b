import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What an admin's `mogadm host mark <host> <status>` sets (MogileFS-Server lib/MogileFS/Host.pm `status`). */
export type HostStatus = 'alive' | 'down';

/** What the monitor knows of the host's answering (see {@link hostMachine}). */
export type HostObserved = 'reachable' | 'unanswered' | 'unreachable' | 'answering';

export type HostState = `${HostStatus}.${HostObserved}`;

export type HostEvent =
  | { readonly type: 'probe.failed' }
  | { readonly type: 'probe.answered' }
  | { readonly type: 'monitor.cycle' }
  | { readonly type: `mark.${HostStatus}` };

/** One status, with the monitor's view below it; a mark keeps the view. */
function statusState(status: HostStatus) {
  const other: HostStatus = status === 'alive' ? 'down' : 'alive';
  const mark = (observed: HostObserved) => ({ [`mark.${other}`]: { target: `#storageHost.${other}.${observed}` } });
  return {
    initial: 'reachable' as const,
    tags: status === 'alive' ? ['alive'] : [],
    states: {
      reachable: { on: { ...mark('reachable'), 'probe.failed': { target: 'unanswered' } } },
      unanswered: { on: { ...mark('unanswered'), 'probe.answered': { target: 'reachable' }, 'monitor.cycle': { target: 'unreachable' } } },
      unreachable: { on: { ...mark('unreachable'), 'probe.answered': { target: 'answering' } } },
      answering: { on: { ...mark('answering'), 'probe.failed': { target: 'unreachable' }, 'monitor.cycle': { target: 'reachable' } } },
    },
  };
}

/**
 * A storage host as the tracker sees it. Its status is what an admin marks
 * (MogileFS-Server lib/MogileFS/Host.pm: `alive` or `down`; a down host's devices serve
 * nothing and get nothing, whatever their own status, as Device.pm asks `host->alive`
 * before the device state's flags). Below it, the monitor's view: Host.pm keeps an
 * `observed_state`, `reachable` or `unreachable`, which lib/MogileFS/Worker/Monitor.pm sets
 * once per cycle from its probes; between a change and the next cycle the tracker still
 * acts on the old observation. So a host that stops answering is first `unanswered` (copies
 * to or from it fail, but its devices are still used), becomes `unreachable` at the next
 * cycle (its devices with it), and one that answers again is `answering` until the cycle
 * after. The 2005 monitor ran no cycle that marked anything (it only logged), so there a
 * host that stops answering stays `unanswered`.
 */
export const hostMachine = setup({
  types: { events: {} as HostEvent },
}).createMachine({
  id: 'storageHost',
  initial: 'alive',
  states: { alive: statusState('alive'), down: statusState('down') },
});

export const hostLifecycle = compileLifecycle<HostState, HostEvent['type']>(hostMachine);

/** What one host state means for the tracker, read once per state. */
export interface HostFacts {
  readonly status: HostStatus;
  readonly observed: HostObserved;
  /** Marked alive: its devices may serve and take files (the `alive` tag). */
  readonly alive: boolean;
  /** Does not answer now, whatever the monitor has noticed: a copy to or from it fails. */
  readonly silent: boolean;
}

export const hostFacts: Readonly<Record<HostState, HostFacts>> = Object.fromEntries(
  hostLifecycle.states.map((state) => {
    const [status, observed] = state.split('.') as [HostStatus, HostObserved];
    const snapshot = hostMachine.resolveState({ value: { [status]: observed } });
    const facts: HostFacts = { status, observed, alive: snapshot.hasTag('alive'), silent: observed === 'unanswered' || observed === 'unreachable' };
    return [state, facts];
  }),
) as Record<HostState, HostFacts>;
