import { Outbox } from '../../contract/outbox.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { arbitratorLifecycle, type ArbitratorPhase } from './arbitratorLifecycle.js';
import { isNdbMessage, type NdbMessage } from './ndbMessage.js';
import type { NdbRecord } from './ndbRecord.js';
import { arbitratorName, ndbPorts } from './ndbSettings.js';

export interface ArbitratorInput {
  /** Listen backlog of the management port (NdbSettings.listenBacklog). */
  readonly listenBacklog: number;
}

/**
 * The management node as arbitrator, as plain data: its phase (arbitratorLifecycle.ts)
 * and, once it chose, the side it granted. After a grant, a later request is granted only
 * from nodes of the granted side (its survivors a subset of the grant's), so the other
 * side of the same split is refused. A membership change (a restarted node included)
 * starts it again for the next failure.
 */
export class ArbitratorState {
  phase: ArbitratorPhase = arbitratorLifecycle.start();
  /** The survivors it granted, while `finished`. */
  granted: ReadonlySet<number> = new Set();
  readonly out = new Outbox<NdbRecord>();

  constructor(input: ArbitratorInput) {
    this.out.emit({ type: 'tcp.listen', port: ndbPorts.management, backlog: input.listenBacklog });
    this.phase = arbitratorLifecycle.next(this.phase, 'START');
  }

  handle(event: TcpEvent): void {
    if (event.type === 'tcp.message' && isNdbMessage(event.message)) this.receive(event.message, event.connId);
    else if (event.type === 'tcp.peerClosed') this.out.close(event.connId);
  }

  /**
   * The answer goes back on the connection the request came in on: a node restarted since
   * an earlier request has a new connection, and an old one would lose the answer.
   */
  receive(message: NdbMessage, connId: number): void {
    if (message.kind === 'arbitReset') {
      this.phase = arbitratorLifecycle.next(this.phase, 'START');
      this.granted = new Set();
      return;
    }
    if (message.kind !== 'arbitReq') return;
    const choosing = this.phase === 'started';
    const granted = choosing || message.survivors.every((id) => this.granted.has(id));
    if (granted) this.granted = new Set(message.survivors);
    this.phase = arbitratorLifecycle.next(this.phase, choosing ? 'CHOOSE' : granted ? 'GRANT_SAME_SIDE' : 'REFUSE');
    this.out.emit({ type: 'ndb.arbitration', node: message.node, survivors: message.survivors, granted });
    const reply: NdbMessage = { kind: 'arbitReply', from: arbitratorName, granted };
    this.out.send(connId, reply);
  }
}
