import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What an admin's `mogadm device mark <host> <dev> <status>` can set (MogileFS-Server lib/MogileFS/DeviceState.pm). */
export type DeviceStatus = 'alive' | 'readonly' | 'drain' | 'down' | 'dead';

export const deviceStatuses: readonly DeviceStatus[] = ['alive', 'readonly', 'drain', 'down', 'dead'];

/** A device's state: its status, and below it (but for dead) what the monitor observed. */
export type DeviceState = `${Exclude<DeviceStatus, 'dead'>}.${'writeable' | 'unreachable'}` | 'dead';

export type DeviceEvent =
  | { readonly type: `mark.${DeviceStatus}` }
  | { readonly type: 'monitor.unreachable' }
  | { readonly type: 'monitor.writeable' };

/**
 * What a state lets the tracker do with the device, as tags, from the flags of
 * MogileFS-Server lib/MogileFS/DeviceState.pm: `read` (serve paths, be a copy's source),
 * `write` (take a DELETE), `new_files` (`newFiles`: get new files and replicas), `drain`
 * (its files are moved off), `dead` (its copies are lost and do not count). An unreachable
 * device allows nothing, as a down one: `Device.pm` checks `observed_unreachable` before
 * the status flags.
 */
const flagsOf: Record<Exclude<DeviceStatus, 'dead'>, readonly string[]> = {
  alive: ['read', 'write', 'newFiles'],
  readonly: ['read'],
  drain: ['read', 'write', 'drain'],
  down: [],
};

const liveStatuses = ['alive', 'readonly', 'drain', 'down'] as const;

/** One status, with the monitor's two observations below it; a mark keeps the observation. */
function statusState(status: (typeof liveStatuses)[number]) {
  const marks = (observed: 'writeable' | 'unreachable') =>
    Object.fromEntries([
      ...liveStatuses.filter((other) => other !== status).map((other) => [`mark.${other}`, { target: `#device.${other}.${observed}` }]),
      ['mark.dead', { target: '#device.dead' }],
    ]);
  return {
    initial: 'writeable' as const,
    // The drain flag holds whatever the monitor sees: the replicate worker moves files off once they are readable.
    tags: status === 'drain' ? ['drain'] : [],
    states: {
      writeable: { tags: flagsOf[status], on: { ...marks('writeable'), 'monitor.unreachable': { target: 'unreachable' } } },
      unreachable: { on: { ...marks('unreachable'), 'monitor.writeable': { target: 'writeable' } } },
    },
  };
}

/**
 * A MogileFS device (one disk of a storage host) as the tracker sees it. Its status is what
 * an admin marks (MogileFS-Server lib/MogileFS/DeviceState.pm: alive, readonly, drain, down,
 * dead); below it, what the monitor last observed (lib/MogileFS/Worker/Monitor.pm sets a
 * device's `observed_state` to `writeable` or `unreachable`; this model does not tell a
 * read-only disk apart). The 2005 monitor never sends its observations, so a crashed host's
 * devices stay `alive.writeable` until an admin marks them. Dead is final: "permanently
 * dead, files lost, not coming back to service" (DeviceState.pm), and marking it dead drops
 * its copies, which the replicate worker re-makes elsewhere. The tags say what each state
 * allows (see `flagsOf`).
 */
export const deviceMachine = setup({
  types: { events: {} as DeviceEvent },
}).createMachine({
  id: 'device',
  initial: 'alive',
  states: {
    alive: statusState('alive'),
    readonly: statusState('readonly'),
    drain: statusState('drain'),
    down: statusState('down'),
    dead: { type: 'final', tags: ['dead'] },
  },
});

export const deviceLifecycle = compileLifecycle<DeviceState, DeviceEvent['type']>(deviceMachine);

/** What one device state allows, read once from the machine's tags. */
export interface DeviceFacts {
  readonly status: DeviceStatus;
  readonly unreachable: boolean;
  readonly read: boolean;
  readonly write: boolean;
  readonly newFiles: boolean;
  readonly drain: boolean;
  readonly dead: boolean;
}

/** Per state, its facts: computed once from the definition so the hot paths read a field. */
export const deviceFacts: Readonly<Record<DeviceState, DeviceFacts>> = Object.fromEntries(
  deviceLifecycle.states.map((state) => {
    const snapshot = deviceMachine.resolveState({ value: state.includes('.') ? { [state.split('.')[0] as string]: state.split('.')[1] as string } : state });
    const facts: DeviceFacts = {
      status: state.split('.')[0] as DeviceStatus,
      unreachable: state.endsWith('.unreachable'),
      read: snapshot.hasTag('read'),
      write: snapshot.hasTag('write'),
      newFiles: snapshot.hasTag('newFiles'),
      drain: snapshot.hasTag('drain'),
      dead: snapshot.hasTag('dead'),
    };
    return [state, facts];
  }),
) as Record<DeviceState, DeviceFacts>;

/** The status a device acts with: an unreachable device acts as down (Device.pm), a dead one stays dead. */
export function effectiveStatus(state: DeviceState): DeviceStatus {
  const facts = deviceFacts[state];
  return facts.unreachable ? 'down' : facts.status;
}

/** A new device with `status` as `mogadm device add` then `mark` would leave it. */
export function startDevice(status: DeviceStatus): DeviceState {
  const state = deviceLifecycle.start();
  return status === 'alive' ? state : deviceLifecycle.next(state, `mark.${status}`);
}
