import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { z } from 'zod';
import { quietPhaseSchema } from './quietPhase.js';
import { durationPattern } from './durationText.js';
import { UsageError } from './usageError.js';

/**
 * A user's own incident, written without code (`sim run ./incident.yaml`): a scenario it
 * extends, and what it sets on top. YAML or JSON (JSON is YAML). Command-line `--set`,
 * `--seed`, `--fault` and `--expect` override the file.
 */
export const scenarioFileSchema = z
  .strictObject({
    extends: z.string().min(1).describe('the scenario this incident runs (see `sim list`)'),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes, at most 64').optional().describe('names the report folder; default: the file name'),
    description: z.string().max(2_000).optional().describe('what happened, in the operator\'s words'),
    seed: z.int().min(0).max(4_294_967_295).optional().describe('root seed (default 1)'),
    profile: z.string().optional().describe("environment profile (default: the scenario's own)"),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('what --set sets, by name'),
    durationMs: z.int().positive().optional().describe('simulated duration; the same as params.durationMs'),
    faults: z.array(z.string()).max(200).optional().describe("faults in the fault language, e.g. 'crash sto1 at 30s for 60s'"),
    expect: z.array(z.union([
      z.string(),
      z.strictObject({
        threshold: z.string().describe("e.g. 'http.requests.failed.share < 1%'"),
        abortOnFail: z.boolean().optional().describe('stop the run at the first sample where the threshold is crossed'),
        delayAbortEval: z.string().regex(new RegExp(`^${durationPattern}$`), 'a duration with a unit: 1500ms, 30s, 2m').optional().describe('simulated time before abortOnFail is judged, e.g. 10s'),
      }),
    ])).max(200).optional().describe("thresholds, e.g. 'requests.failed < 1', 'max(requests.failedPerSec over 10s) < 5', or { threshold, abortOnFail, delayAbortEval } as in k6"),
    quietPhase: quietPhaseSchema.optional().describe('liveness after faults: once the last fault heals, the system must converge within the bound'),
  })
  .describe('A stacksim scenario file: an incident a user replays on the simulator.');

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

/** A loaded file: its contents, and the name its report goes under. */
export interface LoadedScenarioFile extends ScenarioFile {
  readonly path: string;
  readonly reportName: string;
}

/** One `expect:` entry as the threshold language writes it: the object form becomes `… abortOnFail delayAbortEval=10s`. */
export function thresholdText(entry: NonNullable<ScenarioFile['expect']>[number]): string {
  if (typeof entry === 'string') return entry;
  if (!entry.abortOnFail) return entry.threshold;
  return `${entry.threshold} abortOnFail${entry.delayAbortEval === undefined ? '' : ` delayAbortEval=${entry.delayAbortEval}`}`;
}

/** What the file sets, as `--set` would: its params, and `durationMs` when the file gives it apart. */
export function fileParams(file: ScenarioFile | null): Record<string, string | number | boolean> {
  if (!file) return {};
  return { ...file.params, ...(file.durationMs === undefined ? {} : { durationMs: file.durationMs }) };
}

/** The file's thresholds in the threshold language, in the file's order. */
export function fileThresholds(file: ScenarioFile | null): string[] {
  return (file?.expect ?? []).map(thresholdText);
}

export { isScenarioFilePath } from './scenarioFilePath.js';

/** Parses and validates a scenario file's text; errors name the file, the key path and the line. */
export function parseScenarioFile(path: string, text: string): LoadedScenarioFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const { line } = lineCounter.linePos(syntax.pos[0]);
    throw new UsageError(`${path}:${line}: not valid YAML or JSON: ${syntax.message.split('\n')[0]}`);
  }
  const parsed = scenarioFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keyPath = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const line = lineOf(document.contents, keyPath, lineCounter);
    const allowed = issue.code === 'unrecognized_keys' ? `; allowed keys: ${Object.keys(scenarioFileSchema.shape).join(', ')}` : '';
    throw new UsageError(`${path}:${line}: ${keyPath.map(String).join('.') || '(top level)'}: ${issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message}${allowed}`);
  }
  const base = path.split('/').pop()!.replace(/\.(ya?ml|json)$/i, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return { ...parsed.data, path, reportName: parsed.data.name ?? base };
}

/** The line (from 1) where the node at `keyPath` starts, or where the nearest enclosing one does. */
function lineOf(root: unknown, keyPath: readonly PropertyKey[], lineCounter: LineCounter): number {
  let node = root as Node | null;
  let offset = (node as { range?: [number] } | null)?.range?.[0] ?? 0;
  for (const key of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | null;
      offset = (node as { range?: [number] } | null)?.range?.[0] ?? offset;
    } else break;
  }
  return lineCounter.linePos(offset).line;
}
