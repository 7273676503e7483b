import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('lint keeps sim/ deterministic', () => {
  const forbidden = [
    'export const x = Math.random();',
    'export const t = Date.now();',
    'export const t = performance.now();',
    'export const d = new Date();',
    'setTimeout(() => {}, 10);',
    'setInterval(() => {}, 10);',
  ];

  it.each(forbidden)('rejects `%s` in a model file', async (code) => {
    const ids = await ruleIds(code, 'sim/models/rpc/example.ts');
    expect(ids.some((id) => id.startsWith('no-restricted'))).toBe(true);
  });

  it('allows them in the one kernel file that replaces them during a run', async () => {
    const ids = await ruleIds('export const x = Math.random() + Date.now() + performance.now();', 'sim/kernel/determinism.ts');
    expect(ids.filter((id) => id.startsWith('no-restricted'))).toEqual([]);
  });

  it('leaves tests and benchmarks free to read the wall clock', async () => {
    const ids = await ruleIds('export const t = performance.now();', 'bench/example.ts');
    expect(ids.filter((id) => id.startsWith('no-restricted'))).toEqual([]);
  });
});

describe('lint lets sim/live use the real clock', () => {
  it('allows timers and wall time in sim/live, which serves real sockets', async () => {
    const ids = await ruleIds('setImmediate(() => {}); export const t = performance.now();', 'sim/live/host/example.ts');
    expect(ids.filter((id) => id.startsWith('no-restricted'))).toEqual([]);
  });

  it('still rejects them in sim/ outside sim/live', async () => {
    const ids = await ruleIds('setImmediate(() => {});', 'sim/models/jobhub/example.ts');
    expect(ids.some((id) => id.startsWith('no-restricted'))).toBe(true);
  });
});

describe('lint keeps sim/live off the kernel', () => {
  it('rejects an import of sim/kernel from sim/live', async () => {
    const ids = await ruleIds("import { Kernel } from '../../kernel/kernel.js';\nexport const k = Kernel;", 'sim/live/jobhub/example.ts');
    expect(ids).toContain('no-restricted-imports');
  });
});
