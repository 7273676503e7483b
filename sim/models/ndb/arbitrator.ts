import { enqueueActions, setup } from 'xstate';
import type { TcpEffect } from '../../net/tcpEffect.js';
import type { TcpEvent } from '../../net/tcpEvent.js';
import { flushEffects, type NdbEffect, type NdbRecord } from './ndbEffect.js';
import { isNdbMessage, type NdbMessage } from './ndbMessage.js';
import { arbitratorName, ndbPorts } from './ndbSettings.js';
import { Transporter } from './transporter.js';

/**
 * The arbitrator's decision as plain data (DOMAIN.md §5: it "grants the first request").
 * After a grant, a later request is granted only from nodes of the granted side (its
 * survivors a subset of the grant's), so the other side of the same split is refused.
 * A membership change (a restarted node included) clears the grant for the next failure.
 */
export class ArbitratorState {
  granted: ReadonlySet<number> | null = null;
  readonly effects: NdbEffect<never>[] = [];
  readonly transporter = new Transporter(this.effects);

  receive(message: NdbMessage): void {
    if (message.kind === 'arbitReset') {
      this.granted = null;
      return;
    }
    if (message.kind !== 'arbitReq') return;
    const granted = this.granted === null || message.survivors.every((id) => this.granted?.has(id));
    if (granted) this.granted = new Set(message.survivors);
    this.effects.push({ type: 'ndb.arbitration', node: message.node, survivors: message.survivors, granted });
    this.transporter.send(message.from, { kind: 'arbitReply', from: arbitratorName, granted });
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
      if (event.type === 'tcp.message' && isNdbMessage(event.message)) arbitrator.receive(event.message);
      else if (event.type === 'tcp.connected') arbitrator.transporter.connected(event.tag, event.connId);
      else if (event.type === 'tcp.connectFailed') arbitrator.transporter.connectFailed(event.tag);
      else if (event.type === 'tcp.aborted' || event.type === 'tcp.peerClosed') arbitrator.transporter.lost(event.connId);
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
        'tcp.connected': { actions: 'step' },
        'tcp.connectFailed': { actions: 'step' },
        'tcp.aborted': { actions: 'step' },
        'tcp.peerClosed': { actions: 'step' },
      },
    },
  },
});
