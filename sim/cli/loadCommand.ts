import { formatLoadResult } from '../live/load/formatLoadResult.js';
import { gearmanLoadDefaults } from '../live/load/gearmanLoadSettings.js';
import type { LoadResult } from '../live/load/loadResult.js';
import { runGearmanLoad } from '../live/load/runGearmanLoad.js';
import { runHttpLoad } from '../live/load/runHttpLoad.js';
import { UsageError } from '../scenario/usageError.js';
import { parseDurationOption } from './parseDuration.js';
import { parseChoiceOption, parseIntegerOption } from './parseOptions.js';
import { runOpenModelLoad } from '../live/load/openModelLoad.js';
import { parseLoadShape, rateAt } from '../scenario/loadShape.js';
import { quoteInput } from '../scenario/quoteInput.js';
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
  readonly connections?: string;
  readonly pipelining: string;
  readonly duration: string;
  readonly rate?: string;
  readonly load?: string;
  readonly maxInFlight: string;
  readonly timeout: string;
  readonly agent: string;
  readonly progress?: boolean;
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

/** `sim load http`: open model with --rate or --load, else autocannon; exit 0 when responses came back without errors, 1 otherwise, 2 for bad options. */
export async function httpLoadCommand(options: HttpLoadCommandOptions): Promise<number> {
  const url = parseUrlOption(options.url);
  const durationMs = parseDurationOption('--duration', options.duration, 1000, durationMsMax);
  const open = options.rate !== undefined || options.load !== undefined;
  if (options.rate !== undefined && options.load !== undefined) throw new UsageError('--rate and --load both set the arrival rate: give one');
  if (open && options.connections !== undefined) {
    throw new UsageError('--connections is for the closed model (autocannon); --rate and --load run the open model, which opens connections as requests need them');
  }
  if (open) {
    const shape = options.rate !== undefined ? null : parseLoadShape(options.load!);
    const ratePerSec = options.rate === undefined ? 0 : parseRateOption(options.rate);
    const result = await runOpenModelLoad({
      url,
      durationMs,
      ratePerSecAt: shape ? (tMs) => rateAt(shape, tMs) : () => ratePerSec,
      loadText: shape ? shape.text : `constant ${ratePerSec}/s`,
      maxInFlight: parseIntegerOption('--max-in-flight', options.maxInFlight, 1, 100_000),
      timeoutMs: parseDurationOption('--timeout', options.timeout, 10, durationMsMax),
      agent: parseChoiceOption('--agent', options.agent, ['keepalive', 'close'] as const),
      ...(options.progress ? { onProgress: printProgress } : {}),
    });
    return print(result, options.json);
  }
  const result = await runHttpLoad({
    url,
    connections: parseIntegerOption('--connections', options.connections ?? '10', 1, 10_000),
    pipelining: parseIntegerOption('--pipelining', options.pipelining, 1, 1000),
    durationMs,
  });
  return print(result, options.json);
}

/** One line a second on stderr, so a parent process (sim reproduce) can follow and time the run. */
function printProgress(second: number, totals: { ok: number; failed: number; dropped: number }): void {
  process.stderr.write(`load: ${second} s  ok ${totals.ok}  failed ${totals.failed}  dropped ${totals.dropped}\n`);
}

function parseUrlOption(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url expects an http:// URL such as http://127.0.0.1:8080/, got ${quoteInput(raw)}`);
  }
  if (url.protocol !== 'http:') throw new UsageError(`--url expects an http:// URL, got ${quoteInput(raw)}`);
  return url.toString();
}

/** Requests per second: a positive number up to 100 000 (fractions allowed: 0.5 is one request every 2 s). */
function parseRateOption(raw: string): number {
  const rate = /^\d{1,6}(?:\.\d{1,6})?$/.test(raw) ? Number(raw) : NaN;
  if (!(rate > 0 && rate <= 100_000)) throw new UsageError(`--rate expects requests per second, a number above 0 up to 100000, got ${quoteInput(raw)}`);
  return rate;
}
