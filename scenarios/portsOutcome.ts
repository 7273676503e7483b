/** What the port budget did, for the verdict. */
export function portsOutcome(firstEaddrnotavailMs: number | null): string {
  return firstEaddrnotavailMs === null
    ? 'no connect() failed: the port budget was never used up'
    : `ports ran out at ${(firstEaddrnotavailMs / 1_000).toFixed(2)} s and connect() failed with EADDRNOTAVAIL from then on`;
}
