import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { request, type GearmanPacket, type PacketType } from '../../../sim/models/jobhub/packet.js';
import { HubHarness } from './hubHarness.js';

const packetArbitrary: fc.Arbitrary<GearmanPacket> = fc.oneof(
  fc.record({ f: fc.constantFrom('a', 'b'), u: fc.constantFrom('', 'k'), t: fc.constantFrom<PacketType>('SUBMIT_JOB', 'SUBMIT_JOB_BG', 'SUBMIT_JOB_HIGH') }).map(({ f, u, t }) => request(t, f, u, 'd')),
  fc.constantFrom(request('CAN_DO', 'a'), request('CAN_DO', 'b'), request('GRAB_JOB'), request('GRAB_JOB_UNIQ'), request('PRE_SLEEP'), request('ECHO_REQ', 'e')),
  fc.nat({ max: 4 }).map((n) => request('WORK_COMPLETE', `H:jobhub:${n}`, 'r')),
  fc.nat({ max: 4 }).map((n) => request('CAN_DO_TIMEOUT', n % 2 === 0 ? 'a' : 'b', '1000')),
);

describe('the tcp.messages batch event', () => {
  it('property: a batch gives exactly the effects of its entries sent one by one as tcp.message', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 2 }), packetArbitrary), { maxLength: 40 }), fc.array(fc.nat({ max: 40 }), { maxLength: 5 }), (steps, cuts) => {
        const single = new HubHarness();
        const batched = new HubHarness();
        const conns = [0, 1, 2].map(() => [single.connect(), batched.connect()] as const);
        for (const [conn, packet] of steps) single.deliver((conns[conn] as readonly [number, number])[0], packet);
        // The same steps in batches cut at random places.
        const points = [...new Set([0, ...cuts.map((cut) => cut % (steps.length + 1)), steps.length])].sort((a, b) => a - b);
        for (let i = 1; i < points.length; i++) {
          const entries = steps.slice(points[i - 1], points[i]).map(([conn, message]) => ({ connId: (conns[conn] as readonly [number, number])[1], message }));
          if (entries.length > 0) batched.actor.send({ type: 'tcp.messages', entries });
        }
        expect(batched.effects).toEqual(single.effects);
      }),
      { numRuns: 300 },
    );
  });
});
