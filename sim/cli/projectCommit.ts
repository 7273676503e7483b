import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

let cached: string | null | undefined;

/**
 * The project's git commit (`git rev-parse HEAD` in the project's folder), read once per
 * CLI process so every run and sweep it writes says which code made it; null when the
 * project is not a git checkout or git is missing. Never called from simulation code.
 */
export function projectCommit(): string | null {
  if (cached !== undefined) return cached;
  const projectDir = fileURLToPath(new URL('../..', import.meta.url));
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: projectDir, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' });
    cached = /^[0-9a-f]{40}$/.test(out.trim()) ? out.trim() : null;
  } catch {
    cached = null;
  }
  return cached;
}
