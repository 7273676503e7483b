import { enqueueActions, setup } from 'xstate';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { DataNodeState, type DataNodeInput, type DataNodeSignal, type DataNodeTimer } from './dataNodeState.js';
import { flushEffects, type NdbRecord } from './ndbEffect.js';
import { isNdbMessage, type DataNodePhase } from './ndbMessage.js';
import { ndbPorts } from './ndbSettings.js';
import type { TcpEffect } from '../../contract/tcpEffect.js';

export type { DataNodeInput } from './dataNodeState.js';

export type DataNodeEvent = TcpEvent | DataNodeTimer | DataNodeSignal;

interface DataNodeContext {
  readonly node: DataNodeState;
}

/** Handles an event in the plain state and emits or raises what it produced. */
function stepWith(run: (node: DataNodeState, event: DataNodeEvent) => void) {
  return enqueueActions<DataNodeContext, DataNodeEvent, undefined, DataNodeEvent, never, never, never, never, TcpEffect | NdbRecord>(
    ({ context, event, enqueue }) => {
      run(context.node, event);
      flushEffects(context.node.effects, enqueue);
    },
  );
}

/** Entry action of a phase: the state records it and does the phase's first sends. */
function enter(phase: DataNodePhase, reason: string) {
  return stepWith((node) => node.enter(phase, reason));
}

/** Why a node shut down, from the event that took it there (for the timeline). */
function shutdownReason(event: DataNodeEvent): string {
  switch (event.type) {
    case 'ndb.verdict': return 'lose: a node group has no survivor';
    case 'ndb.expelled': return 'declared dead by the other nodes';
    case 'arbit.refused': return 'arbitration refused';
    default: return `no arbitration answer within ArbitrationTimeout`;
  }
}

/** Why a node is (again) started: the initial start, a node restart done, or a grant. */
function startReason(event: DataNodeEvent): string {
  if (event.type === 'arbit.granted') return 'arbitration granted';
  if (event.type === 'restart.included') return 'node restart complete';
  return 'initial start';
}

const handle = stepWith((node, event) => {
  switch (event.type) {
    case 'tcp.message':
      if (isNdbMessage(event.message)) node.receive(event.message);
      return;
    case 'tcp.connected':
      node.transporter.connected(event.tag, event.connId);
      return;
    case 'tcp.connectFailed':
      node.transporter.connectFailed(event.tag);
      return;
    case 'tcp.aborted':
      node.transporter.lost(event.connId);
      return;
    case 'tcp.peerClosed':
      // A peer closed the connection it sent on: close this end too (no half-open sockets).
      if (node.transporter.lost(event.connId) === null) node.effects.push({ type: 'tcp.close', connId: event.connId });
      return;
    case 'hb.tick':
      node.tick();
      return;
    default:
      return;
  }
});

const everywhere = {
  'tcp.message': { actions: 'handle' },
  'tcp.connected': { actions: 'handle' },
  'tcp.connectFailed': { actions: 'handle' },
  'tcp.aborted': { actions: 'handle' },
  'tcp.peerClosed': { actions: 'handle' },
  'hb.tick': { actions: 'handle' },
} as const;

/**
 * An NDB data node (DOMAIN.md §5). `started`: serves transactions, heartbeats its peers and
 * declares dead those silent for `missedHeartbeatsMax` intervals; the survivors classify
 * themselves: lose → `shutdown`, win → carry on, partitioning → `arbitrating`, where a
 * grant carries on and a refusal or `arbitrationTimeoutMs` of silence shuts down. A node
 * restart goes `connecting` (find the cluster) → `copying` (take the node-group peer's rows
 * and every write from then on) → `started`. `shutdown` ends the process's part: it answers
 * nothing more.
 */
export const dataNodeMachine = setup({
  types: {
    context: {} as DataNodeContext,
    input: {} as DataNodeInput,
    events: {} as DataNodeEvent,
    emitted: {} as TcpEffect | NdbRecord,
  },
  actions: {
    handle,
    listen: stepWith((node) => node.effects.push({ type: 'tcp.listen', port: ndbPorts.dataNode, backlog: 128 })),
    requestArbitration: stepWith((node) => node.requestArbitration()),
  },
  guards: {
    lose: ({ event }) => event.type === 'ndb.verdict' && event.verdict === 'lose',
    partitioning: ({ event }) => event.type === 'ndb.verdict' && event.verdict === 'partitioning',
  },
  delays: {
    arbitrationTimeout: ({ context }) => context.node.settings.arbitrationTimeoutMs,
  },
}).createMachine({
  id: 'ndbDataNode',
  context: ({ input }) => ({ node: new DataNodeState(input) }),
  initial: 'boot',
  entry: ['listen'],
  states: {
    boot: {
      always: [{ guard: ({ context }) => context.node.phase === 'started', target: 'started' }, { target: 'connecting' }],
    },
    connecting: {
      entry: enter('connecting', 'node restart: start phase 1, looking for the cluster'),
      on: { ...everywhere, 'restart.found': 'copying' },
    },
    copying: {
      entry: enter('copying', 'node restart: copying data from its node-group peer'),
      on: { ...everywhere, 'restart.included': 'started', 'restart.lostSource': 'connecting' },
    },
    started: {
      entry: stepWith((node, event) => node.enter('started', startReason(event))),
      on: {
        ...everywhere,
        'ndb.verdict': [
          { guard: 'lose', target: 'shutdown' },
          { guard: 'partitioning', target: 'arbitrating' },
        ],
        'ndb.expelled': 'shutdown',
      },
    },
    arbitrating: {
      entry: enter('arbitrating', 'partitioning: asking the arbitrator'),
      after: { arbitrationTimeout: 'shutdown' },
      on: {
        ...everywhere,
        'arbit.granted': 'started',
        'arbit.refused': 'shutdown',
        'ndb.verdict': [{ guard: 'lose', target: 'shutdown' }, { actions: 'requestArbitration' }],
        'ndb.expelled': 'shutdown',
      },
    },
    shutdown: {
      entry: stepWith((node, event) => node.enter('shutdown', shutdownReason(event))),
      on: { ...everywhere },
    },
  },
});
