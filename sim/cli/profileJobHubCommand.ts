import { join } from 'node:path';
import { formatLoadResult } from '../live/load/formatLoadResult.js';
import { gearmanLoadDefaults } from '../live/load/gearmanLoadSettings.js';
import { clinicTools, runClinicProfile, type ClinicTool } from '../live/profile/runClinicProfile.js';
import { reportStamp } from '../live/reportStamp.js';
import { parseDurationOption } from './parseDuration.js';
import { parseChoiceOption } from './parseOptions.js';

export interface ProfileJobHubCommandOptions {
  readonly tool: string;
  readonly duration: string;
  readonly out?: string;
}

/** Parses `--tool`: doctor or flame (bubbleprof hangs on this machine). */
export function parseClinicTool(raw: string): ClinicTool {
  return parseChoiceOption<ClinicTool>('--tool', raw, clinicTools);
}

/**
 * `sim profile jobhub`: clinic doctor or flame on the live hub under the Gearman load driver;
 * keeps clinic's HTML in reports/profile/jobhub/<time>/. Exit 0 when the HTML is there, 1 when
 * clinic gave none (its output is printed), 2 for bad options.
 */
export async function profileJobHubCommand(options: ProfileJobHubCommandOptions): Promise<number> {
  const tool = parseClinicTool(options.tool);
  const durationMs = parseDurationOption('--duration', options.duration, 500, 120_000);
  const dir = options.out ?? join('reports', 'profile', 'jobhub', reportStamp());
  let profile: Awaited<ReturnType<typeof runClinicProfile>>;
  try {
    profile = await runClinicProfile({ tool, dir, load: { ...gearmanLoadDefaults, durationMs } });
  } catch (error) {
    // clinic failing is the profiler's outcome, not a bug of ours: say so without a stack.
    process.stderr.write(`sim profile jobhub: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(`${formatLoadResult(profile.load)}\nclinic ${tool}: ${join(dir, profile.htmlPath)}\n`);
  return 0;
}
