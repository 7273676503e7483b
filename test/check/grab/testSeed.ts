/**
 * Seeds of randomly seeded tests. A fresh seed per run widens what the tests cover; to look
 * at a failure again, the run prints its seed and the command that replays it, and
 * `TEST_SEED=<seed>` makes the next run use that seed.
 */
export function testSeed(): number {
  const fromEnv = process.env.TEST_SEED;
  if (fromEnv === undefined || fromEnv === '') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(fromEnv);
  if (!Number.isInteger(seed)) throw new Error(`TEST_SEED should be an integer, got ${JSON.stringify(fromEnv)}`);
  return seed;
}

/** The command that runs `testFile` again with `seed`. */
export function replayCommand(seed: number, testFile: string): string {
  return `TEST_SEED=${seed} npx vitest run ${testFile}`;
}

/**
 * Runs a randomly seeded test body; on any failure, an assertion or an exception thrown by a
 * model, it fails with the seed and the replay command in front of the original message.
 */
export function reportingSeed<T>(seed: number, testFile: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`seed ${seed} (replay: ${replayCommand(seed, testFile)})\n${message}`, { cause: error });
  }
}
