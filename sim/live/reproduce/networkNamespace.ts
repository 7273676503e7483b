import { execFileSync } from 'node:child_process';

/**
 * A Linux network namespace the reproduction makes for itself (`ip netns add`), with its
 * loopback up and its own TCP sysctls: `ip_local_port_range` and `tcp_tw_reuse` are per
 * namespace, so narrowing them here leaves the machine's own settings alone.
 */
export class NetworkNamespace {
  private removed = false;

  private constructor(readonly name: string) {}

  /** Creates the namespace and applies `sysctls` (e.g. `net.ipv4.tcp_tw_reuse: '0'`) inside it. */
  static create(name: string, sysctls: Readonly<Record<string, string>>): NetworkNamespace {
    execFileSync('ip', ['netns', 'add', name], { stdio: 'pipe' });
    const namespace = new NetworkNamespace(name);
    try {
      execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up'], { stdio: 'pipe' });
      const assignments = Object.entries(sysctls).map(([key, value]) => `${key}=${value}`);
      if (assignments.length > 0) execFileSync('ip', ['netns', 'exec', name, 'sysctl', '-qw', ...assignments], { stdio: 'pipe' });
    } catch (error) {
      namespace.remove();
      throw error;
    }
    return namespace;
  }

  /**
   * Joins this namespace and `other` with a veth pair: `address` here, `otherAddress`
   * there (CIDR, e.g. 10.211.0.1/24). Deleting either namespace removes the pair.
   */
  link(other: NetworkNamespace, address: string, otherAddress: string): void {
    const here = `${this.name.slice(-11)}a`;
    const there = `${this.name.slice(-11)}b`;
    const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: 'pipe' });
    ip('link', 'add', here, 'netns', this.name, 'type', 'veth', 'peer', 'name', there, 'netns', other.name);
    ip('-n', this.name, 'addr', 'add', address, 'dev', here);
    ip('-n', other.name, 'addr', 'add', otherAddress, 'dev', there);
    ip('-n', this.name, 'link', 'set', here, 'up');
    ip('-n', other.name, 'link', 'set', there, 'up');
  }

  /** The command line that runs `command` inside the namespace (`ip netns exec` execs it, so the pid is the command's). */
  exec(command: string, args: readonly string[]): { command: string; args: string[] } {
    return { command: 'ip', args: ['netns', 'exec', this.name, command, ...args] };
  }

  /** Deletes the namespace; safe to call twice and from a signal handler (synchronous). */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    try {
      execFileSync('ip', ['netns', 'del', this.name], { stdio: 'pipe' });
    } catch {
      // Already gone (a second cleanup, or deleted by hand): nothing left to remove.
    }
  }
}
