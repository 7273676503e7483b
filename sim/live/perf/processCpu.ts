import { readFileSync } from 'node:fs';
import { clockTicksPerSec } from './clockTicks.js';

/** CPU a process has used so far, its threads included, in ms: in its own code (user) and in the kernel for it (system). */
export interface ProcessCpuTimes {
  readonly userMs: number;
  readonly systemMs: number;
}

/**
 * {@link processCpuMs} split into user and system time, from /proc/<pid>/stat fields 14 and
 * 15; null where /proc is not there. System time is the syscalls (on loopback a send also
 * runs the receiver's TCP input), so servers doing the same I/O differ in user time.
 */
export function processCpuTimesMs(pid: number): ProcessCpuTimes | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    if (!Number.isFinite(userTicks) || !Number.isFinite(systemTicks)) return null;
    return { userMs: (userTicks * 1000) / clockTicksPerSec, systemMs: (systemTicks * 1000) / clockTicksPerSec };
  } catch {
    return null;
  }
}

/**
 * CPU time a process has used so far (user + system, its threads included), in ms; null
 * where /proc is not there. Measured around a load round, it tells how much of a core each
 * server needed for its jobs.
 */
export function processCpuMs(pid: number): number | null {
  const times = processCpuTimesMs(pid);
  return times === null ? null : times.userMs + times.systemMs;
}
