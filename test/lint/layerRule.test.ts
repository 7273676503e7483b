import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function importErrors(importPath: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${importPath}';\nexport const y = x;\n`, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('lint keeps the layers pointing down', () => {
  const forbidden: readonly [string, string][] = [
    ['sim/models/jobhub/example.ts', '../../check/grabAtomicity.js'],
    ['sim/models/perlbal/example.ts', '../../report/metrics.js'],
    ['sim/models/ndb/example.ts', '../../scenario/scenario.js'],
    ['sim/models/app/example.ts', '../../cli/main.js'],
    ['sim/models/mogilefs/example.ts', '../../live/host/liveHost.js'],
    ['sim/kernel/example.ts', '../net/network.js'],
    ['sim/contract/example.ts', '../kernel/kernel.js'],
    ['sim/live/host/example.ts', '../../kernel/kernel.js'],
    ['sim/report/example.ts', '../models/machineCatalog.js'],
    ['sim/net/example.ts', '../models/jobhub/server.js'],
    ['sim/scenario/example.ts', '../sweep/runSweep.js'],
    ['sim/sweep/example.ts', '../cli/main.js'],
  ];

  it.each(forbidden)('rejects in %s an import of %s', async (file, imported) => {
    const errors = await importErrors(imported, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/must not import sim\//);
  });

  const allowed: readonly [string, string][] = [
    ['sim/models/jobhub/example.ts', '../../contract/outbox.js'],
    ['sim/net/example.ts', '../kernel/kernel.js'],
    ['sim/scenario/example.ts', '../models/machineCatalog.js'],
    ['sim/live/jobhub/example.ts', '../../models/jobhub/server.js'],
    ['sim/cli/example.ts', '../live/host/liveHost.js'],
    ['sim/sweep/example.ts', '../scenario/runScenario.js'],
    ['sim/cli/example.ts', '../sweep/runSweep.js'],
  ];

  it.each(allowed)('allows in %s an import of %s', async (file, imported) => {
    expect(await importErrors(imported, file)).toEqual([]);
  });
});
