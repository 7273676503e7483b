import type { RunResult } from '../report/runSummary.js';
import { machineShapesOf } from '../models/machineShapes.js';
import type { ScenarioRun } from './runScenario.js';

/** A run with the definitions of the machines its coverage names, for its report's diagrams. */
export function withMachineShapes(run: ScenarioRun): RunResult {
  return { ...run, machineShapes: machineShapesOf(run.summary.machines) };
}
