import type { TraceLog } from './traceLog.js';

/**
 * Serializes a trace as JSON lines (one event per line) and as Chrome Trace Event JSON,
 * which Perfetto (ui.perfetto.dev) and chrome://tracing open: every actor becomes a thread
 * and every delivered event an instant event at its simulated microsecond.
 */
export function* traceJsonLines(log: TraceLog): Generator<string> {
  for (let i = 0; i < log.size; i++) {
    const record = log.get(i);
    if (record) yield JSON.stringify({ tUs: record.timeUs, actor: record.actor, type: record.type, key: record.key }) + '\n';
  }
}

export function* chromeTraceChunks(log: TraceLog, processName: string): Generator<string> {
  const threadIds = new Map<string, number>();
  log.actorNames().forEach((name, index) => threadIds.set(name, index + 1));
  yield '{"displayTimeUnit":"ms","traceEvents":[\n';
  yield JSON.stringify({ name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: processName } });
  for (const [name, tid] of threadIds) {
    yield ',\n' + JSON.stringify({ name: 'thread_name', ph: 'M', pid: 1, tid, args: { name } });
  }
  for (let i = 0; i < log.size; i++) {
    const record = log.get(i);
    if (!record) continue;
    const tid = threadIds.get(record.actor) ?? 0;
    yield ',\n' + JSON.stringify({ name: record.type, ph: 'i', s: 't', ts: record.timeUs, pid: 1, tid, args: { key: record.key } });
  }
  yield '\n]}\n';
}
