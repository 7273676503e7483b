/**
 * Kernel events per request by kind: which deliveries a request costs. Counts every
 * delivered kernel event by its trace type and the kind of process it goes to (the actor's
 * trace name with its numbers dropped), divided by the requests attempted.
 *
 *   npx tsx bench/eventKinds.ts [port-exhaustion|livejournal|ephemeral-ports] [key=value ...]
 */
import { linuxModern } from '../profiles/linux-modern.js';
import { scenarios } from '../scenarios/index.js';
import { Kernel, type EventHandler, type KernelEvent, type TraceName } from '../sim/kernel/kernel.js';
import { runScenario } from '../sim/scenario/runScenario.js';

const counts = new Map<string, number>();
const originalCall = Kernel.prototype.call;
Kernel.prototype.call = function countedCall<A, B>(
  this: Kernel, timeUs: number, actor: TraceName, type: TraceName, key: number, handler: EventHandler<A, B>, first: A, second: B,
) {
  const kind = `${type.text} -> ${actor.text.replace(/[0-9]+/g, '#')}`;
  const counted = (a: unknown, b: unknown): void => {
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    handler(a as A, b as B);
  };
  return originalCall.call(this, timeUs, actor, type, key, counted, first, second) as KernelEvent;
};

const [name = 'port-exhaustion', ...pairs] = process.argv.slice(2);
const scenario = scenarios.find((candidate) => candidate.name === name);
if (!scenario) throw new Error(`no scenario ${name} (${scenarios.map((candidate) => candidate.name).join(', ')})`);
const set = Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]));
const { summary } = runScenario(scenario, linuxModern, { seed: 1, set });
const requests = summary.metrics['http.requests.attempted'] ?? summary.metrics['requests.ok'] ?? 1;
console.log(`${name} ${pairs.join(' ')}: ${summary.events} events, ${requests} requests, ${(summary.events / requests).toFixed(2)} per request`);
for (const [kind, count] of [...counts].sort((a, b) => b[1] - a[1])) {
  if (count / requests < 0.01) continue;
  console.log(`${(count / requests).toFixed(2).padStart(7)}  ${kind}`);
}
