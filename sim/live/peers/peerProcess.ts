import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/** A child process started for a live test or a perf run, stopped by its own pid. */
export interface PeerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves with its exit code or signal. */
  stop(graceMs?: number): Promise<number | string>;
}

/** Starts `command` with `args`; its output is kept for `output()`. */
export function startPeer(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): PeerProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  child.once('error', (error) => (text += `spawn failed: ${error.message}\n`));
  if (child.pid === undefined) throw new Error(`could not start ${command}: ${text}`);
  const pid = child.pid;
  return {
    pid,
    child,
    output: () => text,
    stop: async (graceMs = 3000) => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(pid, 'SIGKILL'), graceMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
}

/** Resolves once a TCP connect to host:port succeeds; rejects after `attemptsMax` tries `intervalMs` apart. */
export async function waitForPort(host: string, port: number, attemptsMax = 100, intervalMs = 50): Promise<void> {
  for (let attempt = 0; attempt < attemptsMax; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${attemptsMax} tries`);
}
