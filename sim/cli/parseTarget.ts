import { UsageError } from '../scenario/usageError.js';

/** "host:port" with a port from 1 to 65535, or a UsageError naming the option. */
export function parseTargetOption(name: string, raw: string): { host: string; port: number } {
  const match = /^([A-Za-z0-9.-]+):(\d+)$/.exec(raw);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65_535) throw new UsageError(`${name} expects host:port such as 127.0.0.1:4730, got "${raw}"`);
  return { host: match[1] as string, port };
}
