import type { GrabEvent } from '../contract/grabHistory.js';
import type { GrabViolation } from './grabViolation.js';
import { formatGrabEvent } from './formatGrabEvent.js';

/** Lines of history a violation prints at most, the events involved always among them. */
const excerptLinesMax = 14;
/** Related events shown before the first involved one (the job's submission, say). */
const contextBeforeMax = 2;
/** How far back to look for that context, so a long history costs a bounded scan. */
const contextScanMax = 1_000;

/**
 * A violation as readable text: the rule and its sentence, then an excerpt of the history
 * from a little before the first event involved to the last, keeping only events about the
 * same job, workers and clients. Involved events are marked with `>`.
 */
export function formatViolation(violation: GrabViolation, events: readonly GrabEvent[]): string {
  const indexes = violation.eventIndexes;
  const header = `${violation.rule}: ${violation.text}`;
  if (indexes.length === 0) return header;
  const involved = new Set(indexes);
  const subjects = subjectsOf(indexes.map((index) => events[index]).filter((event) => event !== undefined));
  const last = indexes.at(-1) as number;
  const first = contextStart(events, indexes[0] as number, subjects);
  const related: number[] = [];
  for (let index = first; index <= last; index++) {
    const event = events[index];
    if (event && !involved.has(index) && mentions(event, subjects)) related.push(index);
  }
  // Keep every involved event; fill the rest with events about the violation's job first,
  // then with the related events nearest an involved one.
  const room = Math.max(0, excerptLinesMax - involved.size);
  const rank = (index: number): number => {
    const event = events[index];
    const aboutJob = violation.job !== undefined && event !== undefined && 'job' in event && event.job === violation.job;
    return (aboutJob ? 0 : events.length) + Math.min(...indexes.map((at) => Math.abs(at - index)));
  };
  const picked = related.map((index) => ({ index, rank: rank(index) })).sort((a, b) => a.rank - b.rank || a.index - b.index);
  const shown = [...involved, ...picked.slice(0, room).map(({ index }) => index)].sort((a, b) => a - b);
  const width = String(last).length + 1;
  const lines = shown.map((index) => {
    const event = events[index];
    const text = event ? formatGrabEvent(event) : '(no such event)';
    return `  ${involved.has(index) ? '>' : ' '} ${`#${index}`.padStart(width)} ${text}`;
  });
  const hidden = related.length - Math.min(room, related.length);
  if (hidden > 0) lines.push(`    … ${hidden} more related event${hidden === 1 ? '' : 's'} in #${first}–#${last}`);
  return [header, `  history #${first}–#${last} of ${events.length}, events about ${[...subjects].join(', ')}:`, ...lines].join('\n');
}

/** The index the excerpt starts at: up to `contextBeforeMax` related events before `index`. */
function contextStart(events: readonly GrabEvent[], index: number, subjects: ReadonlySet<string>): number {
  let start = index;
  let found = 0;
  for (let i = index - 1; i >= Math.max(0, index - contextScanMax) && found < contextBeforeMax; i--) {
    const event = events[i];
    if (event && mentions(event, subjects)) {
      start = i;
      found++;
    }
  }
  return start;
}

function subjectsOf(events: readonly GrabEvent[]): Set<string> {
  const subjects = new Set<string>();
  for (const event of events) for (const name of namesIn(event)) subjects.add(name);
  return subjects;
}

function mentions(event: GrabEvent, subjects: ReadonlySet<string>): boolean {
  return namesIn(event).some((name) => subjects.has(name));
}

function namesIn(event: GrabEvent): string[] {
  const names: string[] = [];
  if ('job' in event) names.push(event.job);
  if ('worker' in event && event.worker !== undefined) names.push(event.worker);
  if ('client' in event && event.client !== undefined) names.push(event.client);
  return names;
}
