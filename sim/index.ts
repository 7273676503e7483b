/**
 * The public face of stacksim: what a program (a test, a notebook, another tool) uses to
 * run the simulator without the `sim` command. Everything else under sim/ is internal and
 * may change. Each export is documented where it is declared, with its defaults.
 *
 * Layers, from the bottom: `contract` (what a machine and its host agree on), `kernel`
 * (virtual time, events, seeded randomness, trace), `net` (hosts, links, TCP), `models`
 * (the systems), `check` (history checkers), `report` (summary, metrics, renderers),
 * `scenario` (one run), `sweep` (many seeds on worker threads, judged across runs), `cli`.
 * docs/DESIGN.md describes them.
 */

// One run of a scenario: (scenario, parameters, seed) → summary and series.
export { runScenario, parseSeed, type RunOptions } from './scenario/runScenario.js';
export { defineScenario, type Scenario, type ScenarioContext, type ScenarioDefinition, type BuiltScenario } from './scenario/scenario.js';
export { defineProfile, type Profile } from './scenario/profile.js';
export { intParam, numberParam, enumParam, choiceParam, portRangeParam, textParam, type ParamSpec, type ParamValue } from './scenario/param.js';
export type { Expectation, ExpectationOp } from './scenario/expectation.js';
export { UsageError } from './scenario/usageError.js';
export type { RunSummary, RunResult, ExpectationResult, InvariantResult, TimeSeries, ChartSpec, StopReason } from './report/runSummary.js';

// The simulator underneath: kernel, network, processes.
export { Kernel, type RunLimits, type RunOutcome } from './kernel/kernel.js';
export { Network } from './net/network.js';
export { SimProcess } from './net/simProcess.js';

// The contract between a machine and whatever hosts it (simulator or real sockets).
export type { TcpEvent, TcpErrno, TcpAddress, TcpMessagesEvent } from './contract/tcpEvent.js';
export type { TcpEffect } from './contract/tcpEffect.js';
export type { TimerEffect } from './contract/timerEffect.js';
export type { ProcessEffect, RecordOf } from './contract/processEffect.js';
export { Outbox } from './contract/outbox.js';
export { fromProcess, type ProcessLogic } from './contract/processLogic.js';
export { processStartEvent, type ProcessStartEvent } from './contract/processStart.js';
export { compileLifecycle, Lifecycle, type LifecycleStep } from './contract/lifecycle.js';
export { LifecycleEvent } from './contract/lifecycleEvent.js';
export { MachineCoverage, withCoverage, type MachineCountsJson } from './contract/machineCoverage.js';
export { machineShape, type MachineShape, type ShapeState, type ShapeTransition } from './contract/machineShape.js';
export type { MachineEntry } from './contract/machineEntry.js';
export { GrabHistory, type GrabEvent } from './contract/grabHistory.js';
export {
  sometimes, reachable, unreachable, declaredAssertions,
  type AssertionKind, type DeclaredAssertion, type SometimesAssertion, type ReachabilityPoint,
} from './contract/declaredAssertion.js';

// Every statechart of every system.
export { machineCatalog, findMachine } from './models/machineCatalog.js';

// Checking.
export { checkGrabAtomicity } from './check/grabAtomicity.js';

// Sweeps: many seeds on worker threads, shards merged, judged across runs.
export { runSweep, type SweepOptions } from './sweep/runSweep.js';
export { mergeSweeps } from './sweep/mergeSweeps.js';
export { analyzeSweep, type SweepAnalysis } from './sweep/sweepAnalysis.js';
export type { SweepFile } from './sweep/sweepFile.js';

// The command line, as a function.
export { main, exitCodes } from './cli/main.js';
