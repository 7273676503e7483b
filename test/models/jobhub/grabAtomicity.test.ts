import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnstampedGrabEvent } from '../../../sim/models/jobhub/hubEffect.js';
import type { JobHubInput } from '../../../sim/models/jobhub/jobHubSettings.js';
import type { HubReply, PacketType } from '../../../sim/models/jobhub/packet.js';
import { reportingSeed, testSeed } from '../../check/grab/testSeed.js';
import { HubHarness } from './hubHarness.js';

const functionNames = ['f', 'g'];
const clientCount = 3;
const workerCount = 3;

type Step =
  | { readonly kind: 'submit'; readonly client: number; readonly type: PacketType; readonly functionName: string; readonly unique: string }
  | { readonly kind: 'grab'; readonly worker: number; readonly withUnique: boolean }
  | { readonly kind: 'finish'; readonly worker: number; readonly pick: number; readonly result: 'WORK_COMPLETE' | 'WORK_FAIL' | 'WORK_EXCEPTION' }
  | { readonly kind: 'sleep'; readonly worker: number }
  | { readonly kind: 'crash'; readonly worker: number };

const index = (count: number) => fc.integer({ min: 0, max: count - 1 });
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('submit' as const),
    client: index(clientCount),
    type: fc.constantFrom<PacketType>('SUBMIT_JOB', 'SUBMIT_JOB_BG', 'SUBMIT_JOB_HIGH', 'SUBMIT_JOB_LOW', 'SUBMIT_JOB_LOW_BG'),
    functionName: fc.constantFrom(...functionNames),
    unique: fc.constantFrom('', '', 'u1', 'u2'),
  }),
  fc.record({ kind: fc.constant('grab' as const), worker: index(workerCount), withUnique: fc.boolean() }),
  fc.record({
    kind: fc.constant('finish' as const),
    worker: index(workerCount),
    pick: fc.nat(),
    result: fc.constantFrom('WORK_COMPLETE' as const, 'WORK_FAIL' as const, 'WORK_EXCEPTION' as const),
  }),
  fc.record({ kind: fc.constant('sleep' as const), worker: index(workerCount) }),
  fc.record({ kind: fc.constant('crash' as const), worker: index(workerCount) }),
);

const settingsArbitrary: fc.Arbitrary<JobHubInput> = fc.record({
  workerLossMode: fc.constantFrom('requeue' as const, 'fail' as const),
  jobRetries: fc.integer({ min: 0, max: 3 }),
});

/**
 * Plays the steps against a hub and checks, from the replies alone, that no handle is held by
 * two connections at once and that each foreground submit gets exactly one terminal reply;
 * and, from the history, that the hub's own record agrees.
 */
class Run {
  readonly hub: HubHarness;
  readonly clients: number[] = [];
  readonly workers: number[] = [];
  /** Which connection holds each handle, as the JOB_ASSIGN replies say. */
  private readonly holders = new Map<string, number>();
  private readonly held = new Map<number, string[]>();
  /** Workers whose PRE_SLEEP got no NOOP and who had none since: they must not miss a job. */
  private readonly asleep = new Set<number>();
  /**
   * Workers woken by a NOOP that have not grabbed since. gearmand owes one NOOP per grab
   * cycle (its flag clears only at a grab), and a real worker answers a NOOP with a grab
   * before it sleeps again (libgearman's loop), so a `sleep` step plays that grab first.
   */
  private readonly woken = new Set<number>();
  /** Terminal replies owed and received, per `client handle`. */
  readonly owed = new Map<string, number>();
  readonly received = new Map<string, number>();

  constructor(input: JobHubInput) {
    this.hub = new HubHarness(input);
    for (let client = 0; client < clientCount; client += 1) this.clients.push(this.hub.connect());
    for (let worker = 0; worker < workerCount; worker += 1) this.workers.push(this.newWorker(worker));
  }

  play(step: Step): void {
    if (step.kind === 'submit') return this.submit(step);
    const worker = this.workers[step.worker] as number;
    if (step.kind === 'grab') {
      this.grab(worker, step.withUnique);
    } else if (step.kind === 'sleep') {
      if (this.woken.has(worker)) {
        const heldBefore = this.held.get(worker)?.length ?? 0;
        this.grab(worker, false);
        this.collect(worker);
        // It got a job: a real worker works it rather than sleep.
        if ((this.held.get(worker)?.length ?? 0) > heldBefore) return;
      }
      this.asleep.add(worker);
      this.hub.send(worker, 'PRE_SLEEP');
    } else if (step.kind === 'finish') {
      this.finish(worker, step.pick, step.result);
    } else {
      this.crash(step.worker);
    }
    this.collect(worker);
  }

  /** No lost wake-up: while a worker sleeps, no job of its functions waits in a queue. */
  checkSleepers(): void {
    if (this.asleep.size === 0) return;
    const queued = this.hub.admin(this.hub.connect(), 'prioritystatus').filter((line) => line !== '.').map((line) => line.split('\t'));
    const waiting = queued.filter(([, high, normal, low]) => Number(high) + Number(normal) + Number(low) > 0).map(([name]) => name);
    expect(waiting, `jobs queued while workers ${[...this.asleep].join(', ')} sleep`).toEqual([]);
  }

  /** Workers complete what they hold; then a fresh worker able to do everything grabs and completes until no job is left. */
  drain(): void {
    for (const held of this.workers) {
      while ((this.held.get(held) ?? []).length > 0) this.finish(held, 0, 'WORK_COMPLETE');
    }
    const worker = this.hub.worker(functionNames);
    for (let round = 0; round < 10_000; round += 1) {
      this.hub.send(worker, 'GRAB_JOB');
      this.collect(worker);
      const handle = this.held.get(worker)?.[0];
      if (handle === undefined) return;
      this.finish(worker, 0, 'WORK_COMPLETE');
    }
    throw new Error('drain did not finish');
  }

  private grab(worker: number, withUnique: boolean): void {
    this.asleep.delete(worker);
    this.woken.delete(worker);
    this.hub.send(worker, withUnique ? 'GRAB_JOB_UNIQ' : 'GRAB_JOB');
  }

  private newWorker(slot: number): number {
    return this.hub.worker(slot % 2 === 0 ? functionNames : [...functionNames].reverse());
  }

  private submit(step: Extract<Step, { kind: 'submit' }>): void {
    const client = this.clients[step.client] as number;
    const handle = this.hub.submit(client, step.type, step.functionName, step.unique, 'data');
    if (!step.type.endsWith('_BG')) this.count(this.owed, `${client} ${handle}`);
    for (const worker of this.workers) this.collect(worker);
  }

  private finish(worker: number, pick: number, result: 'WORK_COMPLETE' | 'WORK_FAIL' | 'WORK_EXCEPTION'): void {
    const mine = this.held.get(worker) ?? [];
    if (mine.length === 0) return;
    const handle = mine.splice(pick % mine.length, 1)[0] as string;
    this.hub.send(worker, result, handle, ...(result === 'WORK_FAIL' ? [] : ['r']));
    expect(this.hub.replies(worker), `${result} for a held job is accepted`).toEqual([]);
    this.holders.delete(handle);
    for (const client of this.clients) this.collect(client);
  }

  private crash(slot: number): void {
    const worker = this.workers[slot] as number;
    this.hub.drop(worker, 'aborted');
    for (const handle of this.held.get(worker) ?? []) this.holders.delete(handle);
    this.held.delete(worker);
    this.asleep.delete(worker);
    this.woken.delete(worker);
    this.workers[slot] = this.newWorker(slot);
    for (const conn of [...this.clients, ...this.workers]) this.collect(conn);
  }

  /** Reads a connection's replies into the bookkeeping, checking atomicity on each JOB_ASSIGN. */
  private collect(conn: number): void {
    for (const reply of this.hub.packets(conn)) this.note(conn, reply);
  }

  private note(conn: number, reply: HubReply): void {
    if (reply.kind !== 'RES') return;
    if (reply.type === 'NOOP') {
      this.asleep.delete(conn);
      this.woken.add(conn);
    }
    const handle = reply.args[0] as string;
    if (reply.type === 'JOB_ASSIGN' || reply.type === 'JOB_ASSIGN_UNIQ') {
      expect(this.holders.get(handle), `${handle} assigned to ${conn} while held`).toBeUndefined();
      this.holders.set(handle, conn);
      this.held.set(conn, [...(this.held.get(conn) ?? []), handle]);
    } else if (reply.type === 'WORK_COMPLETE' || reply.type === 'WORK_FAIL' || reply.type === 'WORK_EXCEPTION') {
      const key = `${conn} ${handle}`;
      this.count(this.received, key);
      expect(this.received.get(key), `terminal replies to ${key}`).toBeLessThanOrEqual(this.owed.get(key) ?? 0);
    }
  }

  private count(counts: Map<string, number>, key: string): void {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}

/** The history's view: a job is held from `assigned` until it completes, fails, is requeued, or its worker is lost. */
function checkHistory(events: readonly UnstampedGrabEvent[]): void {
  const holders = new Map<string, string>();
  for (const event of events) {
    if (event.kind === 'assigned') {
      expect(holders.get(event.job), `history: ${event.job} assigned while held`).toBeUndefined();
      holders.set(event.job, event.worker);
    } else if (event.kind === 'completed' || event.kind === 'failed' || event.kind === 'requeued') {
      holders.delete(event.job);
    }
  }
  expect([...holders.keys()], 'history: jobs still held after the drain').toEqual([]);
}

describe('grab atomicity (property)', () => {
  it('for any interleaving of submits, grabs, sleeps, results and worker crashes, no handle is held by two connections, no sleeper misses a job, and every foreground submit gets exactly one terminal reply', () => {
    const seed = testSeed();
    reportingSeed(seed, 'test/models/jobhub/grabAtomicity.test.ts', () => fc.assert(
      fc.property(settingsArbitrary, fc.array(stepArbitrary, { maxLength: 60 }), (input, steps) => {
        const run = new Run(input);
        for (const step of steps) {
          run.play(step);
          run.checkSleepers();
        }
        run.drain();
        expect(run.received).toEqual(run.owed);
        expect(run.hub.admin(run.hub.connect(), 'status').filter((line) => line !== '.' && !line.startsWith(`${line.split('\t')[0]}\t0\t0`))).toEqual([]);
        checkHistory(run.hub.history());
      }),
      { numRuns: 300, seed },
    ));
  });
});
