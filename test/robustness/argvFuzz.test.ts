import { describe, expect, it } from 'vitest';
import { fuzzArgv } from './argvFuzz.js';

describe('the sim command line under fuzzed argument vectors', () => {
  it('exits 0, 1 or 2 with one message and no stack trace for 150 vectors (npm run soak runs 1 000)', async () => {
    const { bad } = await fuzzArgv(150, 11);
    expect(bad.map(({ argv, exitCode, stderr }) => ({ argv: argv.map((text) => text.slice(0, 80)), exitCode, stderr: stderr.slice(0, 400) }))).toEqual([]);
  }, 600_000);
});
