import fc from 'fast-check';
import type { GrabCommand, GrabSchedule } from './grabSchedule.js';

/** Bounds of generated cases (TigerBeetle style: a limit on everything). */
export interface GrabArbitraryConstraints {
  readonly hubsMax: number;
  readonly workersMax: number;
  readonly clientsMax: number;
  readonly commandsMin: number;
  readonly commandsMax: number;
  /** Allow crashes, disconnects and partitions; false generates job streams only. */
  readonly faults: boolean;
}

export const grabArbitraryDefaults: GrabArbitraryConstraints = {
  hubsMax: 2, workersMax: 4, clientsMax: 3, commandsMin: 1, commandsMax: 50, faults: true,
};

/**
 * Cases for the grab property: a topology, a job stream over a few functions and unique
 * keys (so coalescing happens), and faults at random times. Times are kept in the first
 * two simulated seconds so jobs and faults overlap; shrinking moves toward fewer commands,
 * fewer machines and earlier times.
 */
export function grabScheduleArbitrary(constraints: Partial<GrabArbitraryConstraints> = {}): fc.Arbitrary<GrabSchedule> {
  const { hubsMax, workersMax, clientsMax, commandsMin, commandsMax, faults } = { ...grabArbitraryDefaults, ...constraints };
  return fc
    .record({
      hubs: fc.integer({ min: 1, max: hubsMax }),
      workers: fc.integer({ min: 1, max: workersMax }),
      clients: fc.integer({ min: 1, max: clientsMax }),
    })
    .chain(({ hubs, workers, clients }) => {
      const atMs = fc.integer({ min: 0, max: 2_000 });
      const submit = fc.record({
        kind: fc.constant('submit' as const), atMs,
        client: fc.integer({ min: 0, max: clients - 1 }), hub: fc.integer({ min: 0, max: hubs - 1 }),
        func: fc.constantFrom('f0', 'f1'), unique: fc.constantFrom('', '', 'u1', 'u2'),
        priority: fc.constantFrom('high' as const, 'normal' as const, 'low' as const), background: fc.boolean(),
      });
      const fault = fc.oneof(
        fc.record({ kind: fc.constant('crashWorker' as const), atMs, worker: fc.integer({ min: 0, max: workers - 1 }) }),
        fc.record({ kind: fc.constant('disconnectClient' as const), atMs, client: fc.integer({ min: 0, max: clients - 1 }) }),
        fc.record({
          kind: fc.constant('partition' as const), atMs, worker: fc.integer({ min: 0, max: workers - 1 }),
          hub: fc.integer({ min: 0, max: hubs - 1 }), durationMs: fc.integer({ min: 10, max: 3_000 }),
        }),
      );
      const command: fc.Arbitrary<GrabCommand> = faults ? fc.oneof({ weight: 4, arbitrary: submit }, { weight: 1, arbitrary: fault }) : submit;
      return fc.record({
        hubs: fc.constant(hubs), workers: fc.constant(workers), clients: fc.constant(clients),
        drainMs: fc.constant(30_000),
        commands: fc.array(command, { minLength: commandsMin, maxLength: commandsMax }).map((list) => [...list].sort((a, b) => a.atMs - b.atMs)),
      });
    });
}
