import type { TcpSettings } from '../net/tcpSettings.js';

/**
 * A named environment a scenario runs in: the hosts' kernel settings and the machines a
 * scenario may take (DESIGN.md layout, `profiles/`). Scenario parameters may override
 * single settings (`--set portRange=…`); everything else comes from here.
 */
export interface Profile {
  readonly name: string;
  readonly summary: string;
  /** Kernel TCP settings every simulated host starts with. */
  readonly tcp: TcpSettings;
  /** How many machines of each role a scenario may place (web, storage, db …). */
  readonly machines: Readonly<Record<string, number>>;
}

/** Declares a named environment (machines, kernel settings, traffic shape); returns it unchanged. */
export function defineProfile(profile: Profile): Profile {
  const { low, high } = profile.tcp.portRange;
  if (!(low >= 1 && high <= 65_535 && low < high)) throw new Error(`profile ${profile.name}: bad port range ${low}-${high}`);
  return profile;
}
