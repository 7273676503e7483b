import type { Fault } from './fault.js';
import { parseFault } from './parseFault.js';
import type { ParamValue } from './param.js';
import type { Scenario } from './scenario.js';

/**
 * Every fault of a run: those the scenario's own fault parameters stand for (its sugar,
 * `crashStorage=1` → `crash sto1 at 30s`) first, then those the user gave. A fault given
 * twice (the same kind, targets and times, however written) acts once, so a user who
 * spells out what a default parameter already does gets the very same run.
 */
export function runFaults(scenario: Scenario, params: Readonly<Record<string, ParamValue>>, given: readonly string[]): Fault[] {
  const sugar = scenario.faultsOf ? scenario.faultsOf(params as never) : [];
  const seen = new Set<string>();
  const faults: Fault[] = [];
  for (const fault of [...sugar, ...given].map(parseFault)) {
    const key = faultKey(fault);
    if (seen.has(key)) continue;
    seen.add(key);
    faults.push(fault);
  }
  return faults;
}

/** What a fault does, without how it was written. */
function faultKey(fault: Fault): string {
  const { text: _text, ...what } = fault;
  return JSON.stringify(what);
}

/** A duration in the fault language's shortest exact spelling: `30s`, `2m`, `1500ms`. */
export function faultDurationText(ms: number): string {
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms > 0 && ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

/** The fault-language strings of a run, as summary.json's `params.faults` lists them. */
export function faultsParam(faults: readonly Fault[]): Record<string, string> {
  return faults.length > 0 ? { faults: faults.map((fault) => fault.text).join('; ') } : {};
}
