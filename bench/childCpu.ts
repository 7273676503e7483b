import { readFileSync } from 'node:fs';

/**
 * Linux's USER_HZ: /proc reports CPU times in these ticks (`sysconf(_SC_CLK_TCK)`). It is 100
 * on x86, arm and riscv (Alpha's 1024 is the exception), and Node has no sysconf binding to
 * ask.
 */
const ticksPerSecond = 100;

/**
 * CPU ms (user + system) used so far by this process's children that have ended and been
 * waited for: fields 16 and 17 (`cutime`, `cstime`) of `/proc/self/stat` (proc(5)). A child
 * run through `execFile` is waited for when its promise settles, so the difference across
 * one run is that run's CPU, all its threads included. Node gives a child's resource usage
 * no other way (`process.resourceUsage()` is this process's own). Null where there is no
 * /proc (off Linux) or a line this does not read as proc(5) says.
 */
export function childCpuMs(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  // The command name, field 2, is in parentheses and may hold spaces: count after its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the name start at field 3, so field n is at index n - 3.
  const cutime = Number(fields[16 - 3]);
  const cstime = Number(fields[17 - 3]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return null;
  return ((cutime + cstime) * 1_000) / ticksPerSecond;
}
