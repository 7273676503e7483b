import { isIP } from 'node:net';
import { integerText } from '../scenario/decimalText.js';
import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';

/** An integer option within [min, max] in the one decimal syntax, or a UsageError naming the option and the range. */
export function parseIntegerOption(name: string, raw: string, min: number, max: number): number {
  if (!integerText.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${name} expects an integer from ${min} to ${max}, got ${quoteInput(raw)}`);
  }
  return Number(raw);
}

/** One of `allowed`, or a UsageError naming the option and the choices. */
export function parseChoiceOption<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`${name} expects ${allowed.join(' or ')}, got ${quoteInput(raw)}`);
  return raw as T;
}

/** A host name as DNS allows it: labels of letters, digits and hyphens, at most 253 characters. */
const hostName = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * An address to bind or connect to: an IPv4 or IPv6 literal, or `localhost`. Other names
 * would go to DNS, which can hang or answer differently from run to run, so they are taken
 * only when `resolveNames` is set (the command's `--resolve-host`).
 */
export function parseHostOption(name: string, raw: string, resolveNames = false): string {
  if (isIP(raw) !== 0 || raw === 'localhost') return raw;
  if (resolveNames && hostName.test(raw)) return raw;
  const names = resolveNames ? ', or a host name' : ' (names other than localhost need --resolve-host)';
  throw new UsageError(`${name} expects an IP address such as 127.0.0.1 or localhost${names}, got ${quoteInput(raw)}`);
}
