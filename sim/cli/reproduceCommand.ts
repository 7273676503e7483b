import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportStamp } from '../live/reportStamp.js';
import { portExhaustion } from '../../scenarios/port-exhaustion.js';
import { linuxModern } from '../../profiles/linux-modern.js';
import { reproducePortExhaustion, ReproductionResources } from '../live/reproduce/portExhaustionReproduction.js';
import { reproductionPorts, type ReproductionSettings } from '../live/reproduce/reproductionSettings.js';
import type { Calibration } from '../report/calibration.js';
import { renderCalibrationHtml, renderCalibrationMarkdown } from '../report/calibrationReport.js';
import { formatNumber } from '../report/formatNumber.js';
import { runScenario } from '../scenario/runScenario.js';
import { withMachineShapes } from '../scenario/withMachineShapes.js';
import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';
import { parseDurationOption } from './parseDuration.js';
import { parseChoiceOption, parseIntegerOption } from './parseOptions.js';
import { portExhaustionCalibration } from './portExhaustionCalibration.js';
import { openRunFolder } from './runFolder.js';

export interface ReproduceCommandOptions {
  readonly rate: string;
  readonly duration: string;
  readonly portRange: string;
  readonly twReuse: string;
  readonly reproxy: string;
  readonly peer: string;
  readonly storageNodes: string;
  readonly backends?: string;
  readonly out?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** The checkout this file is in: the children run its sim/cli/sim.ts. */
const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Bounded runs (DESIGN.md principle 5): the live part lasts at most this long. */
const durationMsMax = 600_000;

/** The incidents `sim reproduce` knows. */
export const reproducibleIncidents = ['port-exhaustion'] as const;

/** Checks every option and the machine (root, ip, ss, perlbal) before anything is created. */
function parseSettings(incident: string, options: ReproduceCommandOptions): Omit<ReproductionSettings, 'onProgress'> {
  parseChoiceOption('the incident', incident, reproducibleIncidents);
  const range = /^(\d{1,5})-(\d{1,5})$/.exec(options.portRange);
  const low = Number(range?.[1]);
  const high = Number(range?.[2]);
  if (!range || !(low >= 1024 && high <= 65_535 && high - low >= 99)) {
    throw new UsageError(`--port-range expects low-high with 1024 <= low, high <= 65535 and at least 100 ports, e.g. 40000-40999, got ${quoteInput(options.portRange)}`);
  }
  const serverPorts = [reproductionPorts.proxy, reproductionPorts.app, ...Array.from({ length: 8 }, (_, index) => reproductionPorts.storageFirst + index)];
  const listening = serverPorts.filter((port) => port >= low && port <= high);
  if (listening.length > 0) throw new UsageError(`--port-range ${options.portRange} holds the servers' own ports (${listening.join(', ')}); pick a range above 9000, e.g. 40000-40999`);
  const settings = {
    ratePerSec: parseIntegerOption('--rate', options.rate, 1, 5_000),
    durationMs: parseDurationOption('--duration', options.duration, 5_000, durationMsMax),
    portRange: { low, high },
    twReuse: Number(parseChoiceOption('--tw-reuse', options.twReuse, ['0', '1', '2'])) as 0 | 1 | 2,
    reproxy: parseChoiceOption('--reproxy', options.reproxy, ['close', 'keepalive'] as const),
    peer: parseChoiceOption('--peer', options.peer, ['ours', 'perlbal'] as const),
    storageNodes: parseIntegerOption('--storage-nodes', options.storageNodes, 1, 8),
    repoRoot,
  };
  const backends = parseChoiceOption('--backends', options.backends ?? 'stand-in', ['live', 'stand-in'] as const);
  checkMachine(settings.peer);
  return { ...settings, backends };
}

/** Our live proxy comes from the HTTP work on `sim live`; until a checkout has it, say so before any work. */
function checkOurProxy(): void {
  let help = '';
  try {
    help = execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'sim/cli/sim.ts'), 'live', 'perlbal', '--help'], { stdio: 'pipe', cwd: repoRoot }).toString();
  } catch {
    // Not there: the help below is empty.
  }
  // commander answers `--help` after an unknown subcommand with its parent's help, exit 0.
  if (!help.includes('--reproxy')) {
    throw new UsageError('--peer ours needs `sim live perlbal`, which this checkout does not have yet; run with --peer perlbal (the real Perlbal 1.80)');
  }
}

function checkMachine(peer: 'ours' | 'perlbal'): void {
  if (process.getuid?.() !== 0) {
    throw new UsageError('sim reproduce needs root: it creates a network namespace and sets sysctls inside it (run it as root or with sudo)');
  }
  for (const [program, why] of [['ip', 'iproute2'], ['ss', 'iproute2'], ...(peer === 'perlbal' ? [['perlbal', 'perlbal, see scripts/install-peers.sh']] : [])]) {
    try {
      execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'pipe' });
    } catch {
      throw new UsageError(`sim reproduce needs the program ${program} (Debian package ${why})`);
    }
  }
  if (peer === 'ours') checkOurProxy();
}

/** The simulator's settings for what ran live. Everything in the namespace is loopback, so tcp_tw_reuse=2 acts as 1 there. */
function simulationParams(settings: Omit<ReproductionSettings, 'onProgress'>): Record<string, unknown> {
  return {
    ratePerSec: settings.ratePerSec, durationMs: settings.durationMs, portRange: `${settings.portRange.low}-${settings.portRange.high}`,
    twReuse: settings.twReuse === 2 ? 1 : settings.twReuse, reproxy: settings.reproxy, closer: 'proxy',
    storageNodes: settings.storageNodes, appHosts: 1,
  };
}

/**
 * `sim reproduce port-exhaustion`: the incident live in a network namespace, then the
 * simulator with the same settings, then the calibration report. Exit 0 when every figure
 * agrees within 5 %, 1 when one does not, 2 for bad input (not root, a program missing).
 */
export async function reproduceCommand(incident: string, options: ReproduceCommandOptions): Promise<number> {
  const settings = parseSettings(incident, options);
  const named = options.out !== undefined;
  const dir = options.out ?? join('reports', 'reproduce', incident, reportStamp());
  const folder = await openRunFolder(dir, { named, force: false, sameRun: () => false });
  const say = (line: string): void => {
    if (!options.quiet) process.stderr.write(`reproduce: ${line}\n`);
  };
  const resources = new ReproductionResources();
  const onSignal = (signal: NodeJS.Signals): void => {
    resources.removeAll();
    rmSync(folder.workDir, { recursive: true, force: true });
    process.stderr.write(`reproduce: ${signal}: removed the namespace and stopped the servers\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const measurement = await reproducePortExhaustion({ ...settings, onProgress: say }, resources);
    resources.removeAll();
    say('live run done; simulating the same settings');
    const simulation = withMachineShapes(runScenario(portExhaustion, linuxModern, { seed: 1, set: simulationParams(settings) }));
    const settingsRecord = { ...simulationParams(settings), peer: settings.peer, backends: settings.backends, twReuseLive: settings.twReuse } as Record<string, string | number>;
    const calibration = portExhaustionCalibration(measurement, simulation, settingsRecord, settings.durationMs);
    await writeCalibration(folder.workDir, calibration);
    await folder.commit();
    print(calibration, folder.dir, options);
    return calibration.disagreements.length === 0 ? 0 : 1;
  } catch (error) {
    await folder.abandon();
    throw error;
  } finally {
    resources.removeAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Each file under a temporary name, renamed into place. */
async function writeCalibration(dir: string, calibration: Calibration): Promise<void> {
  const files: [string, string][] = [
    ['calibration.json', `${JSON.stringify(calibration, null, 2)}\n`],
    ['report.md', renderCalibrationMarkdown(calibration)],
    ['report.html', await renderCalibrationHtml(calibration)],
  ];
  for (const [name, text] of files) {
    await writeFile(join(dir, `.${name}.tmp`), text);
    await rename(join(dir, `.${name}.tmp`), join(dir, name));
  }
}

function print(calibration: Calibration, dir: string, options: ReproduceCommandOptions): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(calibration.figures, null, 2)}\n`);
    return;
  }
  if (options.quiet) return;
  const lines = Object.entries(calibration.figures).map(([name, figure]) =>
    `  ${name.padEnd(20)} predicted ${formatNumber(figure.predicted).padStart(9)}  measured ${formatNumber(figure.measured).padStart(9)}  error ${formatNumber(figure.errorPercent)} %${figure.scale ? ` of ${formatNumber(figure.scale.value)} ${figure.scale.label}` : ''}`);
  const verdict = calibration.disagreements.length === 0 ? `agree within ${calibration.tolerancePercent} %` : `disagree: ${calibration.disagreements.join(', ')}`;
  process.stdout.write([`port-exhaustion, predicted vs measured: ${verdict}`, ...lines, `report: ${dir}`].join('\n') + '\n');
}
