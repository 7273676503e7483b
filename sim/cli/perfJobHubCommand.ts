import { join } from 'node:path';
import { formatNumber } from '../report/formatNumber.js';
import { gearmandPath } from '../live/peers/gearmand.js';
import { gearmanLoadDefaults } from '../live/load/gearmanLoadSettings.js';
import { writeJobHubPerfReport } from '../live/perf/jobHubPerfReport.js';
import { runJobHubPerf } from '../live/perf/runJobHubPerf.js';
import { UsageError } from '../scenario/usageError.js';
import { reportStamp } from '../live/reportStamp.js';
import { parseDurationOption } from './parseDuration.js';
import { parseIntegerOption } from './parseOptions.js';
import { parseClinicTool } from './profileJobHubCommand.js';
import { runClinicProfile } from '../live/profile/runClinicProfile.js';

export interface PerfJobHubCommandOptions {
  readonly rounds: string;
  readonly duration: string;
  readonly clients: string;
  readonly workers: string;
  readonly outstanding: string;
  readonly payloadBytes: string;
  readonly out?: string;
  readonly profile?: string;
  readonly floor?: boolean;
}

/**
 * `sim perf jobhub`: our live hub and gearmand --threads=1 under the same Gearman load in
 * alternating rounds; writes reports/perf/jobhub/<time>/ (report.json, .md, .html). Exit 0
 * when the report is written (whether or not the aim was met: the report says), 2 for bad
 * options or gearmand missing.
 */
export async function perfJobHubCommand(options: PerfJobHubCommandOptions): Promise<number> {
  const rounds = parseIntegerOption('--rounds', options.rounds, 1, 20);
  const load = {
    ...gearmanLoadDefaults,
    durationMs: parseDurationOption('--duration', options.duration, 500, 120_000),
    clients: parseIntegerOption('--clients', options.clients, 1, 1000),
    workers: parseIntegerOption('--workers', options.workers, 1, 1000),
    outstandingPerClient: parseIntegerOption('--outstanding', options.outstanding, 1, 10_000),
    payloadBytes: parseIntegerOption('--payload-bytes', options.payloadBytes, 0, 1_048_000),
  };
  const profileTool = options.profile === undefined ? null : parseClinicTool(options.profile);
  if (gearmandPath() === null) throw new UsageError('gearmand is not installed: run scripts/install-peers.sh');
  const result = await runJobHubPerf({
    rounds,
    load,
    floor: options.floor === true,
    onRound: (round) =>
      process.stdout.write(`round ${round.round} ${round.server.padEnd(8)} ${formatNumber(round.load.ratePerSec)} jobs/s, p50 ${formatNumber(round.load.latencyMs.p50)} ms, p99 ${formatNumber(round.load.latencyMs.p99)} ms\n`),
  });
  const dir = options.out ?? join('reports', 'perf', 'jobhub', reportStamp(result.startedAt));
  const profileLinks = [];
  if (profileTool !== null) {
    const profile = await runClinicProfile({ tool: profileTool, dir, load });
    profileLinks.push({ text: `clinic ${profileTool} of our hub under the same load (${formatNumber(profile.load.ratePerSec)} jobs/s while profiled)`, href: profile.htmlPath });
  }
  await writeJobHubPerfReport(dir, result, profileLinks);
  const floor = result.floor ? `, Node floor ${formatNumber(result.floor.jobsPerSec)} jobs/s (${formatNumber(result.floor.serverCpuUsPerJob)} µs CPU/job)` : '';
  process.stdout.write(
    `ours ${formatNumber(result.ours.jobsPerSec)} jobs/s (${formatNumber(result.ours.serverCpuUsPerJob)} µs CPU/job), gearmand ${formatNumber(result.gearmand.jobsPerSec)} jobs/s (${formatNumber(result.gearmand.serverCpuUsPerJob)} µs CPU/job)${floor}: ratio ${formatNumber(result.throughputRatio)}× (aim ≥ 1.0×: ${result.aimMet ? 'met' : 'not met'})\n`,
  );
  process.stdout.write(`report: ${join(dir, 'report.html')}\n`);
  return 0;
}
