import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';

/** Commander collector for repeated `--set key=value` options; names are checked as own keys (`constructor` is a name like any other). */
export function collectSet(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([A-Za-z][A-Za-z0-9]{0,63})=(.*)$/s.exec(text);
  if (!match) throw new UsageError(`--set expects key=value (e.g. --set ratePerSec=600), got ${quoteInput(text)}`);
  const [, key, value] = match as unknown as [string, string, string];
  if (Object.hasOwn(previous, key)) throw new UsageError(`--set ${key} is given twice`);
  const next: Record<string, string> = Object.create(null) as Record<string, string>;
  return Object.assign(next, previous, { [key]: value });
}

/** Commander collector for a repeatable option whose values are kept in order (`--fault`). */
export function collectList(text: string, previous: readonly string[] = []): string[] {
  return [...previous, text];
}
