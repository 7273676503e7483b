import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

let cached: string | null | undefined;
const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const gitArgs = ['rev-parse', 'HEAD'];

/** What `git rev-parse HEAD` printed, as a commit, or null. */
function commitOf(out: string): string | null {
  const commit = out.trim();
  return /^[0-9a-f]{40}$/.test(commit) ? commit : null;
}

/**
 * The project's git commit (`git rev-parse HEAD` in the project's folder), read once per
 * CLI process so every run and sweep it writes says which code made it; null when the
 * project is not a git checkout or git is missing. Never called from simulation code.
 */
export function projectCommit(): string | null {
  if (cached !== undefined) return cached;
  try {
    cached = commitOf(execFileSync('git', gitArgs, { cwd: projectDir, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }));
  } catch {
    cached = null;
  }
  return cached;
}

/**
 * `projectCommit` without blocking: `sim sweep` asks for it as it starts and reads it once
 * the seeds have run, so the `git` child runs beside the workers instead of holding up the
 * first seed (0.1–0.25 s of the coordinator's start, profiled).
 */
export function projectCommitAsync(): Promise<string | null> {
  if (cached !== undefined) return Promise.resolve(cached);
  return new Promise((resolve) => {
    execFile('git', gitArgs, { cwd: projectDir, encoding: 'utf8' }, (error, out) => {
      cached = error ? null : commitOf(out);
      resolve(cached);
    });
  });
}
