import { describe, expect, it } from 'vitest';
import { simCli } from '../helpers/simCli.js';
import { machineCatalog } from '../../sim/models/machineCatalog.js';


describe('sim machines', () => {
  it('lists every machine of the catalog with its states, as text and as JSON', async () => {
    const text = await simCli(['machines']);
    expect(text.code).toBe(0);
    for (const entry of machineCatalog) expect(text.out).toContain(entry.machine.id);
    const json = await simCli(['machines', '--json']);
    const listing = JSON.parse(json.out) as { name: string; states: string[] }[];
    expect(listing.map((machine) => machine.name)).toEqual(machineCatalog.map((entry) => entry.machine.id));
    expect(listing.every((machine) => machine.states.length > 0)).toBe(true);
  });

  it('prints each machine as its xstate definition and as Mermaid', async () => {
    for (const entry of machineCatalog) {
      const json = await simCli(['machines', entry.machine.id, '--json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out).id).toBe(entry.machine.id);
      const mermaid = await simCli(['machines', entry.machine.id, '--mermaid']);
      expect(mermaid.out.startsWith('stateDiagram-v2\n')).toBe(true);
    }
  });

  it('refuses an unknown machine with exit 2, listing the names', async () => {
    const result = await simCli(['machines', 'noSuchMachine']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/unknown machine "noSuchMachine": expected one of/);
  });
});
