/**
 * A fault of the one fault language every scenario accepts (`--fault`, a scenario file's
 * `faults:`), parsed: what happens, to which hosts or process, when, and for how long.
 * Times are simulated milliseconds from the start of the run.
 */
export type Fault =
  /** The host loses power: its processes stop, its connections vanish without FIN. Back after `forMs` if given. */
  | { readonly kind: 'crash'; readonly host: string; readonly atMs: number; readonly forMs: number | null; readonly text: string }
  /** A crashed host comes back (a running one reboots: crashes first); its supervised processes start as new incarnations. */
  | { readonly kind: 'restart'; readonly host: string; readonly atMs: number; readonly text: string }
  /** The process exits (kill -9); its host stays up; a supervised process comes back as a new incarnation. */
  | { readonly kind: 'kill'; readonly process: string; readonly atMs: number; readonly text: string }
  /** Segments between the two sides are dropped (`oneWay`: only from `from` to `to`); healed after `forMs` if given. */
  | { readonly kind: 'partition'; readonly from: readonly string[]; readonly to: readonly string[]; readonly oneWay: boolean; readonly atMs: number; readonly forMs: number | null; readonly text: string }
  /** One more `extraMs` of one-way latency on the path between two hosts, both ways. */
  | { readonly kind: 'delay'; readonly a: string; readonly b: string; readonly extraMs: number; readonly atMs: number; readonly forMs: number | null; readonly text: string }
  /** Each segment between two hosts is lost with probability `lossPercent` / 100, both ways (TCP retransmits it). */
  | { readonly kind: 'loss'; readonly a: string; readonly b: string; readonly lossPercent: number; readonly atMs: number; readonly forMs: number | null; readonly text: string };

/** The forms of the language, as error messages and `--help` show them. */
export const faultForms: readonly string[] = [
  'crash HOST at T [for D]',
  'restart HOST at T',
  'kill PROCESS at T',
  'partition A,B|C,D at T [for D]   (both ways)',
  'partition A,B>C,D at T [for D]   (one way: A,B cannot reach C,D)',
  'delay A-B +50ms at T [for D]',
  'loss A-B 5% at T [for D]',
];

/** Every host or process name a fault names, in order, for checking against the topology. */
export function faultHosts(fault: Fault): readonly string[] {
  switch (fault.kind) {
    case 'crash':
    case 'restart':
      return [fault.host];
    case 'kill':
      return [];
    case 'partition':
      return [...fault.from, ...fault.to];
    case 'delay':
    case 'loss':
      return [fault.a, fault.b];
  }
}

/** When the fault heals (the host comes back, the cut or slow path ends), or null if it lasts. */
export function faultEndMs(fault: Fault): number | null {
  if (fault.kind === 'restart' || fault.kind === 'kill') return null;
  return fault.forMs === null ? null : fault.atMs + fault.forMs;
}
