import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simCli } from '../helpers/simCli.js';
import { parseScenarioFile } from '../../sim/scenario/scenarioFile.js';
import { UsageError } from '../../sim/scenario/usageError.js';

const examplesDir = new URL('../../scenarios/examples/', import.meta.url).pathname;


function usageMessage(body: () => unknown): string {
  try {
    body();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('scenario files', () => {
  it('refuses an unknown key, naming the file, the key and its line, and the keys allowed', () => {
    const message = usageMessage(() => parseScenarioFile('incident.yaml', 'extends: port-exhaustion\nseed: 3\nfautls:\n  - crash sto1 at 1s\n'));
    expect(message).toBe('incident.yaml:3: fautls: unknown key; allowed keys: extends, name, description, seed, profile, params, durationMs, faults, expect, quietPhase');
  });

  it('refuses a bad value at its line, and broken YAML at its line', () => {
    expect(usageMessage(() => parseScenarioFile('a.yaml', 'extends: x\nparams:\n  ok: 1\nseed: -4\n'))).toMatch(/^a\.yaml:4: seed: /);
    expect(usageMessage(() => parseScenarioFile('a.yaml', 'extends: x\nfaults: [\n'))).toMatch(/^a\.yaml:\d+: not valid YAML or JSON/);
    expect(usageMessage(() => parseScenarioFile('a.json', '{"seed": 1}'))).toMatch(/^a\.json:1: extends: /);
  });

  it('names the report after the file unless the file names it', () => {
    expect(parseScenarioFile('dir/My Incident.yaml', 'extends: x').reportName).toBe('my-incident');
    expect(parseScenarioFile('dir/a.yaml', 'extends: x\nname: lunch-outage').reportName).toBe('lunch-outage');
  });

  it('exits 2 for a missing file or an unknown key, before any run', async () => {
    const missing = await simCli(['run', './no/such/incident.yaml', '--quiet']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no such scenario file/);
  });

  it('prints a JSON Schema editors can use', async () => {
    const { code, out } = await simCli(['schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(out);
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['extends']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('faults');
  });

  const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.yaml'));

  it('ships at least three examples written as an operator would', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)('runs the example %s, every threshold holding', async (name) => {
    const parent = mkdtempSync(join(tmpdir(), 'stacksim-example-'));
    const { code, out: printed } = await simCli(['run', `${examplesDir}${name}`, '--json', '--out', join(parent, 'run')]).finally(() => rmSync(parent, { recursive: true, force: true }));
    const summary = JSON.parse(printed);
    expect(summary.expectations.filter((e: { passed: boolean }) => !e.passed)).toEqual([]);
    expect(code).toBe(0);
  }, 120_000);
});
