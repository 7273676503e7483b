/** A Chrome Trace Event as the tests read one. */
export interface TraceEvent {
  readonly ph: string;
  readonly name: string;
  readonly ts?: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly id?: number;
  readonly cat?: string;
  readonly bind_id?: number;
  readonly flow_in?: boolean;
  readonly flow_out?: boolean;
}

/**
 * What a trace viewer would trip on, as sentences (empty when the trace is sound): a `b`
 * without its `e` (or the other way round, or ending before it began), complete slices of one
 * thread that overlap without nesting, a flow with no start or no end or running backwards in
 * time, an event on a process or thread with no name.
 */
export function chromeTraceProblems(events: readonly TraceEvent[]): string[] {
  return [...unpairedAsync(events), ...unnested(events), ...brokenFlows(events), ...unnamedTracks(events)];
}

function unpairedAsync(events: readonly TraceEvent[]): string[] {
  const begins = new Map<string, TraceEvent>();
  const problems: string[] = [];
  for (const event of events) {
    const key = `${event.pid}/${event.cat}/${event.name}/${event.id}`;
    if (event.ph === 'b') {
      if (begins.has(key)) problems.push(`async ${key} begins twice`);
      begins.set(key, event);
    } else if (event.ph === 'e') {
      const begin = begins.get(key);
      if (!begin) problems.push(`async ${key} ends without a begin`);
      else if ((event.ts ?? 0) < (begin.ts ?? 0)) problems.push(`async ${key} ends before it begins`);
      begins.delete(key);
    }
  }
  for (const key of begins.keys()) problems.push(`async ${key} never ends`);
  return problems;
}

function unnested(events: readonly TraceEvent[]): string[] {
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of events) {
    if (event.ph !== 'X') continue;
    const key = `${event.pid}/${event.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), event]);
  }
  const problems: string[] = [];
  for (const [thread, slices] of byThread) {
    const sorted = [...slices].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || (b.dur ?? 0) - (a.dur ?? 0));
    const openEnds: number[] = [];
    for (const slice of sorted) {
      const start = slice.ts ?? 0;
      const end = start + (slice.dur ?? 0);
      while (openEnds.length > 0 && (openEnds.at(-1) as number) <= start) openEnds.pop();
      if (openEnds.length > 0 && end > (openEnds.at(-1) as number)) problems.push(`slice ${slice.name} at ${start} on ${thread} overlaps its parent`);
      openEnds.push(end);
    }
  }
  return problems;
}

function brokenFlows(events: readonly TraceEvent[]): string[] {
  const outs = new Map<number, TraceEvent>();
  const ins = new Map<number, TraceEvent>();
  for (const event of events) {
    if (event.bind_id === undefined) continue;
    if (event.flow_out) outs.set(event.bind_id, event);
    if (event.flow_in) ins.set(event.bind_id, event);
  }
  const problems: string[] = [];
  for (const [id, out] of outs) {
    const into = ins.get(id);
    if (!into) problems.push(`flow ${id} starts but never lands`);
    else if ((into.ts ?? 0) < (out.ts ?? 0)) problems.push(`flow ${id} lands before it starts`);
  }
  for (const id of ins.keys()) if (!outs.has(id)) problems.push(`flow ${id} lands but never starts`);
  return problems;
}

function unnamedTracks(events: readonly TraceEvent[]): string[] {
  const named = new Set<string>();
  for (const event of events) {
    if (event.name === 'process_name') named.add(`${event.pid}`);
    if (event.name === 'thread_name') named.add(`${event.pid}/${event.tid}`);
  }
  const problems = new Set<string>();
  for (const event of events) {
    if (event.ph === 'M') continue;
    if (!named.has(`${event.pid}`)) problems.add(`process ${event.pid} has no name`);
    if (!named.has(`${event.pid}/${event.tid}`)) problems.add(`thread ${event.pid}/${event.tid} has no name`);
  }
  return [...problems];
}
