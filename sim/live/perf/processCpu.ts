import { readFileSync } from 'node:fs';
import { clockTicksPerSec } from './clockTicks.js';

/**
 * CPU time a process has used so far (user + system, its threads included), in ms, from
 * /proc/<pid>/stat fields 14 and 15; null where /proc is not there. Measured around a load
 * round, it tells how much of a core each server needed for its jobs.
 */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / clockTicksPerSec : null;
  } catch {
    return null;
  }
}
