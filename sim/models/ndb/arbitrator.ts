import { enqueueActions, setup } from 'xstate';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { flushEffects, type NdbEffect, type NdbRecord } from './ndbEffect.js';
import { isNdbMessage, type NdbMessage } from './ndbMessage.js';
import { arbitratorName, ndbPorts } from './ndbSettings.js';

/**
 * The arbitrator's decision as plain data (DOMAIN.md §5: it "grants the first request").
 * After a grant, a later request is granted only from nodes of the granted side (its
 * survivors a subset of the grant's), so the other side of the same split is refused.
 * A membership change (a restarted node included) clears the grant for the next failure.
 */
export class ArbitratorState {
  granted: ReadonlySet<number> | null = null;
  readonly effects: NdbEffect<never>[] = [];

  /**
   * The answer goes back on the connection the request came in on: a node restarted since
   * an earlier request has a new connection, and an old one would lose the answer.
   */
  receive(message: NdbMessage, connId: number): void {
    if (message.kind === 'arbitReset') {
      this.granted = null;
      return;
    }
    if (message.kind !== 'arbitReq') return;
    const granted = this.granted === null || message.survivors.every((id) => this.granted?.has(id));
    if (granted) this.granted = new Set(message.survivors);
    this.effects.push({ type: 'ndb.arbitration', node: message.node, survivors: message.survivors, granted });
    const reply: NdbMessage = { kind: 'arbitReply', from: arbitratorName, granted };
    this.effects.push({ type: 'tcp.send', connId, message: reply });
  }
}

interface ArbitratorContext {
  readonly arbitrator: ArbitratorState;
}

/** The management node as arbitrator: one state, serving arbitration requests on its port. */
export const arbitratorMachine = setup({
  types: {
    context: {} as ArbitratorContext,
    events: {} as TcpEvent,
    emitted: {} as TcpEffect | NdbRecord,
  },
  actions: {
    step: enqueueActions(({ context, event, enqueue }) => {
      const { arbitrator } = context;
      if (event.type === 'tcp.message' && isNdbMessage(event.message)) arbitrator.receive(event.message, event.connId);
      else if (event.type === 'tcp.peerClosed') enqueue.emit({ type: 'tcp.close', connId: event.connId });
      flushEffects(arbitrator.effects, enqueue);
    }),
    listen: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'tcp.listen', port: ndbPorts.management, backlog: 128 })),
  },
}).createMachine({
  id: 'ndbArbitrator',
  context: () => ({ arbitrator: new ArbitratorState() }),
  entry: ['listen'],
  initial: 'serving',
  states: {
    serving: {
      on: {
        'tcp.message': { actions: 'step' },
        'tcp.peerClosed': { actions: 'step' },
      },
    },
  },
});
