import { UsageError } from '../scenario/usageError.js';

/** Commander collector for repeated `--set key=value` options. */
export function collectSet(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(text);
  if (!match) throw new UsageError(`--set expects key=value (e.g. --set ratePerSec=600), got "${text}"`);
  const [, key, value] = match as unknown as [string, string, string];
  if (key in previous) throw new UsageError(`--set ${key} is given twice`);
  return { ...previous, [key]: value };
}

/** Commander collector for a repeatable option whose values are kept in order (`--fault`). */
export function collectList(text: string, previous: readonly string[] = []): string[] {
  return [...previous, text];
}
