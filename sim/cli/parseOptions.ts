import { UsageError } from '../scenario/usageError.js';

/** An integer option within [min, max], or a UsageError naming the option and the range. */
export function parseIntegerOption(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${name} expects an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** One of `allowed`, or a UsageError naming the option and the choices. */
export function parseChoiceOption<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`${name} expects ${allowed.join(' or ')}, got "${raw}"`);
  return raw as T;
}

/** An IPv4 address or a host name to bind; a UsageError for anything with spaces or empty. */
export function parseHostOption(name: string, raw: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(raw)) throw new UsageError(`${name} expects an address such as 127.0.0.1, got "${raw}"`);
  return raw;
}
