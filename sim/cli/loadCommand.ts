import { formatLoadResult } from '../live/load/formatLoadResult.js';
import { gearmanLoadDefaults } from '../live/load/gearmanLoadSettings.js';
import type { LoadResult } from '../live/load/loadResult.js';
import { runGearmanLoad } from '../live/load/runGearmanLoad.js';
import { runHttpLoad } from '../live/load/runHttpLoad.js';
import { UsageError } from '../scenario/usageError.js';
import { parseDurationOption } from './parseDuration.js';
import { parseIntegerOption } from './parseOptions.js';
import { parseTargetOption } from './parseTarget.js';

/** A load run is bounded: at most 10 minutes (DESIGN.md principle 5). */
const durationMsMax = 600_000;

export interface GearmanLoadCommandOptions {
  readonly target: string;
  readonly clients: string;
  readonly workers: string;
  readonly outstanding: string;
  readonly duration: string;
  readonly payloadBytes: string;
  readonly json?: boolean;
}

export interface HttpLoadCommandOptions {
  readonly url: string;
  readonly connections: string;
  readonly pipelining: string;
  readonly duration: string;
  readonly json?: boolean;
}

function print(result: LoadResult, json: boolean | undefined): number {
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${formatLoadResult(result)}\n`);
  return result.completed > 0 && result.errors === 0 ? 0 : 1;
}

/** `sim load gearman`: exit 0 when jobs completed without errors, 1 otherwise, 2 for bad options. */
export async function gearmanLoadCommand(options: GearmanLoadCommandOptions): Promise<number> {
  const { host, port } = parseTargetOption('--target', options.target);
  const settings = {
    ...gearmanLoadDefaults,
    host,
    port,
    clients: parseIntegerOption('--clients', options.clients, 1, 1000),
    workers: parseIntegerOption('--workers', options.workers, 1, 1000),
    outstandingPerClient: parseIntegerOption('--outstanding', options.outstanding, 1, 10_000),
    durationMs: parseDurationOption('--duration', options.duration, 100, durationMsMax),
    payloadBytes: parseIntegerOption('--payload-bytes', options.payloadBytes, 0, 1_048_000),
  };
  const result = await runGearmanLoad(settings).catch((error: { code?: string; message?: string }) => {
    if (error.code === 'ECONNREFUSED') throw new UsageError(`nothing listens on ${options.target} (ECONNREFUSED)`);
    throw error;
  });
  return print(result, options.json);
}

/** `sim load http`: autocannon; exit 0 when responses came back without errors, 1 otherwise, 2 for bad options. */
export async function httpLoadCommand(options: HttpLoadCommandOptions): Promise<number> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new UsageError(`--url expects an http:// URL such as http://127.0.0.1:8080/, got "${options.url}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url expects http:// or https://, got "${options.url}"`);
  const result = await runHttpLoad({
    url: url.toString(),
    connections: parseIntegerOption('--connections', options.connections, 1, 10_000),
    pipelining: parseIntegerOption('--pipelining', options.pipelining, 1, 1000),
    durationMs: parseDurationOption('--duration', options.duration, 1000, durationMsMax),
  });
  return print(result, options.json);
}
