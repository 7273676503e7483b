/** The wall time now as a folder name for a live run's report: ISO 8601, sortable, no colons or dots. */
export function reportStamp(iso: string = new Date().toISOString()): string {
  return iso.replace(/[:.]/g, '-');
}
