import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';
import { parseHostOption, parseIntegerOption } from './parseOptions.js';

/** "host:port" with an IP literal or localhost and a port from 1 to 65535, or a UsageError naming the option. */
export function parseTargetOption(name: string, raw: string): { host: string; port: number } {
  const colonAt = raw.lastIndexOf(':');
  if (colonAt <= 0) throw new UsageError(`${name} expects host:port such as 127.0.0.1:4730, got ${quoteInput(raw)}`);
  const host = parseHostOption(name, raw.slice(0, colonAt).replace(/^\[(.*)\]$/, '$1'));
  return { host, port: parseIntegerOption(`${name} port`, raw.slice(colonAt + 1), 1, 65_535) };
}
