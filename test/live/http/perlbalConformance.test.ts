import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveHttpProcess } from '../../../sim/live/http/liveHttpProcess.js';
import { startLivePerlbal } from '../../../sim/live/http/livePerlbal.js';
import { startPerlbalPeer, type PerlbalPeer } from '../../../sim/live/peers/perlbalPeer.js';
import { startConformanceWorld, userpicCount, type ConformanceWorld } from './conformanceWorld.js';
import { ProxyClient, type Outcome } from './proxyClient.js';

/** One request of a sequence: which backend case it asks for (conformanceWorld.ts), and for which file. */
interface Step {
  readonly kind: 'page' | 'one' | 'two' | 'missingFirst' | 'deadFirst' | 'allDead' | 'closes' | 'bad';
  readonly n: number;
}

interface Sequence {
  readonly steps: readonly Step[];
  /** HTTP/1.1 clients that keep their connection, or HTTP/1.0 ones that do not ask to. */
  readonly keepAliveClient: boolean;
  readonly persistClient: boolean;
  readonly persistBackend: boolean;
  readonly verifyBackend: boolean;
}

const sequenceArbitrary: fc.Arbitrary<Sequence> = fc.record({
  steps: fc.array(
    fc.record({ kind: fc.constantFrom('page', 'one', 'two', 'missingFirst', 'deadFirst', 'allDead', 'closes', 'bad'), n: fc.integer({ min: 0, max: userpicCount - 1 }) }),
    { minLength: 1, maxLength: 6 },
  ),
  keepAliveClient: fc.boolean(),
  persistClient: fc.boolean(),
  persistBackend: fc.boolean(),
  verifyBackend: fc.boolean(),
});

/** What one proxy did with a sequence: each request's outcome, and the connections it made and was made to. */
interface Run {
  readonly outcomes: (Outcome | { readonly refused: true })[];
  readonly clientConnections: number;
  readonly backendConnections: number;
  readonly storageConnections: number;
}

const requestTimeoutMs = 2_000;

/**
 * Bytes that are not HTTP: Perlbal 1.80 closes without a word (Socket.pm `read_headers`,
 * HTTPHeaders.pm returns nothing), our codec answers 400 first so the client learns why
 * (docs/live-perlbal.md). Both refuse the request and drop the connection: that is compared.
 */
function refusal(outcome: Outcome): Outcome | { readonly refused: true } {
  if ('closed' in outcome) return { refused: true };
  if ('status' in outcome && outcome.status >= 400 && outcome.connection === 'close') return { refused: true };
  return outcome;
}

function requestBytes(step: Step, keepAliveClient: boolean): { bytes: string; method: string } {
  if (step.kind === 'bad') return { bytes: 'NOT HTTP AT ALL\r\n\r\n', method: 'GET' };
  const path = step.kind === 'page' ? `/page/${step.n}` : `/${step.kind}/${step.n}`;
  const version = keepAliveClient ? 'HTTP/1.1' : 'HTTP/1.0';
  return { bytes: `GET ${path} ${version}\r\nHost: conformance\r\n\r\n`, method: 'GET' };
}

async function runSequence(proxyPort: number, world: ConformanceWorld, sequence: Sequence): Promise<Run> {
  const client = new ProxyClient(proxyPort, requestTimeoutMs);
  const outcomes: Run['outcomes'] = [];
  const backendBefore = world.backendConnections();
  const storageBefore = world.storageConnections();
  try {
    for (const step of sequence.steps) {
      const { bytes, method } = requestBytes(step, sequence.keepAliveClient);
      const outcome = await client.send(bytes, method);
      outcomes.push(step.kind === 'bad' ? refusal(outcome) : outcome);
    }
  } finally {
    client.drop();
  }
  return {
    outcomes,
    clientConnections: client.connections,
    backendConnections: world.backendConnections() - backendBefore,
    storageConnections: world.storageConnections() - storageBefore,
  };
}

const running = new Set<{ stop(): Promise<unknown> }>();

afterAll(async () => {
  for (const process of running) await process.stop();
});

/** Runs `sequence` through Perlbal 1.80 and through our live Perlbal, each with its own fresh backends. */
async function bothRuns(sequence: Sequence): Promise<{ theirs: Run; ours: Run }> {
  const settingsOf = (world: ConformanceWorld) => ({
    pool: [{ host: '127.0.0.1', port: world.backendPort }], persistClient: sequence.persistClient, persistBackend: sequence.persistBackend, verifyBackend: sequence.verifyBackend,
  });
  const theirWorld = await startConformanceWorld();
  running.add(theirWorld);
  const ourWorld = await startConformanceWorld();
  running.add(ourWorld);
  let peer: PerlbalPeer | null = null;
  let ours: LiveHttpProcess | null = null;
  try {
    peer = await startPerlbalPeer(settingsOf(theirWorld));
    running.add(peer);
    ours = await startLivePerlbal({ host: '127.0.0.1', port: 0, reproxyMode: 'keepalive', seed: 1, ...settingsOf(ourWorld) });
    running.add(ours);
    return { theirs: await runSequence(peer.port, theirWorld, sequence), ours: await runSequence(ours.port, ourWorld, sequence) };
  } finally {
    for (const process of [ours, peer, ourWorld, theirWorld]) {
      if (!process) continue;
      await process.stop();
      running.delete(process);
    }
  }
}

const runs = Number(process.env.PERLBAL_CONFORMANCE_RUNS ?? 12);
const seed = Number(process.env.PERLBAL_CONFORMANCE_SEED ?? 15);

describe('conformance: our live Perlbal answers as Perlbal 1.80 does', () => {
  it(`property: the same request sequences get the same statuses, headers, bodies and connection counts (seed ${seed}; replay: PERLBAL_CONFORMANCE_SEED=${seed} npx vitest run test/live/http/perlbalConformance.test.ts)`, async () => {
    await fc.assert(
      fc.asyncProperty(sequenceArbitrary, async (sequence) => {
        const { theirs, ours } = await bothRuns(sequence);
        expect(ours).toEqual(theirs);
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
  }, 240_000);
});
