import { type Fault, faultForms } from './fault.js';
import { durationMs, durationPattern } from './durationText.js';
import { UsageError } from './usageError.js';

// Dots too: process names like mogstored.storage1.
const name = '[A-Za-z][A-Za-z0-9_.]*';
const names = `${name}(?:,${name})*`;
const time = durationPattern;
const window = `at (?<at>${time})(?: for (?<for>${time}))?`;

/**
 * The language has seven fixed forms of a few words each, so one anchored pattern per form
 * reads closer to the grammar than a parser-combinator library would, and needs none.
 */
const patterns: readonly { readonly kind: Fault['kind']; readonly pattern: RegExp }[] = [
  { kind: 'crash', pattern: new RegExp(`^crash (?<host>${name}) ${window}$`) },
  { kind: 'restart', pattern: new RegExp(`^restart (?<host>${name}) at (?<at>${time})$`) },
  { kind: 'kill', pattern: new RegExp(`^kill (?<process>${name}) at (?<at>${time})$`) },
  { kind: 'partition', pattern: new RegExp(`^partition (?<from>${names})(?<sep>[|>])(?<to>${names}) ${window}$`) },
  { kind: 'delay', pattern: new RegExp(`^delay (?<a>${name})-(?<b>${name}) \\+(?<extra>${time}) ${window}$`) },
  { kind: 'loss', pattern: new RegExp(`^loss (?<a>${name})-(?<b>${name}) (?<percent>\\d+(?:\\.\\d+)?)% ${window}$`) },
];

/** The longest fault string accepted: long enough for any topology's names, short enough to echo. */
export const faultTextMax = 400;

/**
 * Parses one fault string (`crash sto1 at 30s for 60s`); a string that is none of the
 * forms is a UsageError naming the fault, where it stopped making sense, and the forms.
 */
export function parseFault(raw: string): Fault {
  if (raw.length > faultTextMax) throw new UsageError(`fault is ${raw.length} characters long; at most ${faultTextMax} are allowed`);
  const text = raw.trim().replace(/\s+/g, ' ');
  for (const { kind, pattern } of patterns) {
    const match = pattern.exec(text);
    if (match?.groups) return build(kind, match.groups, text);
  }
  throw new UsageError(`bad fault ${JSON.stringify(text)}: ${whereItFails(text)}; expected one of:\n  ${faultForms.join('\n  ')}\n(times and durations take a unit: 1500ms, 30s, 2m)`);
}

function build(kind: Fault['kind'], groups: Record<string, string | undefined>, text: string): Fault {
  const atMs = durationMs(groups.at!);
  const forMs = groups.for === undefined ? null : durationMs(groups.for);
  if (forMs !== null && forMs <= 0) throw new UsageError(`bad fault ${JSON.stringify(text)}: the duration after "for" must be more than 0`);
  switch (kind) {
    case 'crash':
      return { kind, host: groups.host!, atMs, forMs, text };
    case 'restart':
      return { kind, host: groups.host!, atMs, text };
    case 'kill':
      return { kind, process: groups.process!, atMs, text };
    case 'partition':
      return partition(groups, atMs, forMs, text);
    case 'delay':
      return { kind, a: groups.a!, b: groups.b!, extraMs: durationMs(groups.extra!), atMs, forMs, text };
    case 'loss':
      return loss(groups, atMs, forMs, text);
  }
}

function partition(groups: Record<string, string | undefined>, atMs: number, forMs: number | null, text: string): Fault {
  const from = groups.from!.split(',');
  const to = groups.to!.split(',');
  const both = from.filter((host) => to.includes(host));
  if (both.length > 0) throw new UsageError(`bad fault ${JSON.stringify(text)}: ${both.join(', ')} stands on both sides of the partition`);
  return { kind: 'partition', from, to, oneWay: groups.sep === '>', atMs, forMs, text };
}

function loss(groups: Record<string, string | undefined>, atMs: number, forMs: number | null, text: string): Fault {
  const lossPercent = Number(groups.percent);
  if (!(lossPercent > 0 && lossPercent < 100)) throw new UsageError(`bad fault ${JSON.stringify(text)}: loss must be more than 0% and less than 100%`);
  return { kind: 'loss', a: groups.a!, b: groups.b!, lossPercent, atMs, forMs, text };
}


/** Where the string stops matching: the first word that no form allows there, by position. */
function whereItFails(text: string): string {
  const words = text.split(' ');
  const verbs = ['crash', 'restart', 'kill', 'partition', 'delay', 'loss'];
  if (!verbs.includes(words[0] ?? '')) return `it starts with ${JSON.stringify(words[0] ?? '')} (position 1), not one of ${verbs.join(', ')}`;
  const atIndex = words.indexOf('at');
  if (atIndex < 0) return 'it has no "at T" (when the fault starts)';
  const at = words[atIndex + 1] ?? '';
  if (!new RegExp(`^${time}$`).test(at)) return `the time after "at" is ${JSON.stringify(at)} (word ${atIndex + 2}), not a number with ms, s or m`;
  const forIndex = words.indexOf('for');
  if (forIndex >= 0 && !new RegExp(`^${time}$`).test(words[forIndex + 1] ?? '')) {
    return `the duration after "for" is ${JSON.stringify(words[forIndex + 1] ?? '')} (word ${forIndex + 2}), not a number with ms, s or m`;
  }
  return `the words between "${words[0]}" and "at" (words 2 to ${atIndex}) do not fit the ${words[0]} form`;
}
