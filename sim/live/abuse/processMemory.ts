import { readFileSync } from 'node:fs';

/** A process's resident memory now and at its peak, in bytes (VmRSS and VmHWM of /proc/<pid>/status). */
export interface ProcessMemory {
  readonly rssBytes: number;
  readonly peakRssBytes: number;
}

/** Reads {@link ProcessMemory} of `pid`; null where /proc is not there or the process is gone. */
export function processMemory(pid: number): ProcessMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    const rssBytes = kib('VmRSS');
    const peakRssBytes = kib('VmHWM');
    return Number.isFinite(rssBytes) && Number.isFinite(peakRssBytes) ? { rssBytes, peakRssBytes } : null;
  } catch {
    return null;
  }
}
