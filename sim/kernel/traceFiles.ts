import type { Slice } from './sliceLog.js';
import type { TraceLog } from './traceLog.js';
import { TraceTracks, type TrackId } from './traceTracks.js';

/**
 * Serializes a trace as JSON lines (one event per line) and as Chrome Trace Event JSON,
 * which Perfetto (ui.perfetto.dev) and chrome://tracing open. In the Chrome trace a host is
 * a process and a process on it a thread; every delivered event is an instant on its
 * actor's thread, every slice of the slice log an async span (`b`/`e`: connections,
 * TIME_WAIT, jobs and transactions overlap freely, and Perfetto stacks overlapping spans of
 * one name in lanes), and each hop a flow arrow between zero-length `connect` and `accept`
 * marks (`bind_id` with `flow_out`/`flow_in`).
 */

/** The part of a run a trace keeps: events in [fromUs, untilUs), slices cut to it. */
export interface TraceWindow {
  readonly fromUs: number;
  readonly untilUs: number;
}

export interface ChromeTraceOptions {
  /** When the run ended: slices still open then end here, marked `open`. */
  readonly endUs: number;
  readonly window?: TraceWindow | undefined;
}

const everything: TraceWindow = { fromUs: 0, untilUs: Infinity };

function inWindow(timeUs: number, window: TraceWindow): boolean {
  return timeUs >= window.fromUs && timeUs < window.untilUs;
}

export function* traceJsonLines(log: TraceLog, window: TraceWindow = everything): Generator<string> {
  for (let i = 0; i < log.size; i++) {
    const record = log.get(i);
    if (record && inWindow(record.timeUs, window)) {
      yield JSON.stringify({ tUs: record.timeUs, actor: record.actor, type: record.type, key: record.key }) + '\n';
    }
  }
}

export function* chromeTraceChunks(log: TraceLog, processName: string, options: ChromeTraceOptions = { endUs: Infinity }): Generator<string> {
  const window = options.window ?? everything;
  const endUs = Number.isFinite(options.endUs) ? options.endUs : log.lastTimeUs();
  const tracks = new TraceTracks(processName, log.slices.tracks());
  yield '{"displayTimeUnit":"ms","traceEvents":[\n';
  let first = true;
  const line = (event: object): string => {
    const text = (first ? '' : ',\n') + JSON.stringify(event);
    first = false;
    return text;
  };
  for (const [track, name] of tracks.names(log.actorNames())) yield line(metadata(track, name));
  for (let i = 0; i < log.size; i++) {
    const record = log.get(i);
    if (!record || !inWindow(record.timeUs, window)) continue;
    const { pid, tid } = tracks.ofActor(record.actor);
    yield line({ name: record.type, ph: 'i', s: 't', ts: record.timeUs, pid, tid, args: { key: record.key } });
  }
  const flows = joinedFlows(log, window);
  for (let i = 0; i < log.slices.size; i++) {
    const slice = log.slices.get(i) as Slice;
    for (const event of sliceEvents(slice, i, tracks.ofSlice(slice.track), endUs, window, flows)) yield line(event);
  }
  yield '\n]}\n';
}

/** A process or thread name: a thread id of 0 names the process (a host, or the run itself). */
function metadata(track: TrackId, name: string): object {
  return track.tid === 0
    ? { name: 'process_name', ph: 'M', pid: track.pid, tid: 0, args: { name } }
    : { name: 'thread_name', ph: 'M', pid: track.pid, tid: track.tid, args: { name } };
}

/** Flow ids whose both ends start inside the window: only those are drawn, so every arrow lands. */
function joinedFlows(log: TraceLog, window: TraceWindow): Set<number> {
  const outs = new Set<number>();
  const joined = new Set<number>();
  for (let i = 0; i < log.slices.size; i++) {
    const slice = log.slices.get(i) as Slice;
    if (!inWindow(slice.startUs, window)) continue;
    if (slice.flowOut) outs.add(slice.flowOut);
    if (slice.flowIn && outs.has(slice.flowIn)) joined.add(slice.flowIn);
  }
  return joined;
}

const categoryOf: Readonly<Record<string, string>> = { connection: 'tcp', TIME_WAIT: 'tcp' };

/** A slice cut to the window as a `b`/`e` pair, with its flow mark; nothing when it lies outside. */
function sliceEvents(slice: Slice, index: number, track: TrackId, endUs: number, window: TraceWindow, flows: Set<number>): object[] {
  const open = Number.isNaN(slice.endUs);
  const lastUs = Math.min(open ? endUs : slice.endUs, endUs, window.untilUs);
  const firstUs = Math.max(slice.startUs, window.fromUs);
  if (firstUs > lastUs || (firstUs === lastUs && !inWindow(firstUs, window))) return [];
  const common = { cat: categoryOf[slice.name] ?? 'work', name: slice.name, id: index + 1, pid: track.pid, tid: track.tid };
  const events: object[] = [
    { ...common, ph: 'b', ts: firstUs, args: { startUs: slice.startUs, ...(open ? { open: true } : { endUs: slice.endUs }) } },
    { ...common, ph: 'e', ts: lastUs },
  ];
  const flowId = slice.flowOut || slice.flowIn;
  if (flowId && flows.has(flowId)) {
    const mark = { ph: 'X', ts: slice.startUs, dur: 0, pid: track.pid, tid: track.tid, bind_id: flowId };
    events.push(slice.flowOut ? { ...mark, name: 'connect', flow_out: true } : { ...mark, name: 'accept', flow_in: true });
  }
  return events;
}

/** Bytes the two trace files will take, estimated from the counts (about 150 per event, 300 per slice). */
export function estimateTraceBytes(log: TraceLog, window: TraceWindow = everything): number {
  const events = log.countBetween(window.fromUs, window.untilUs);
  let slices = 0;
  for (let i = 0; i < log.slices.size; i++) {
    const slice = log.slices.get(i) as Slice;
    const endUs = Number.isNaN(slice.endUs) ? Infinity : slice.endUs;
    if (slice.startUs < window.untilUs && endUs >= window.fromUs) slices++;
  }
  return events * 150 + slices * 300;
}
