import { describe, expect, it } from 'vitest';
import { chromeTraceChunks, estimateTraceBytes, traceJsonLines } from '../../sim/kernel/traceFiles.js';
import { TraceLog } from '../../sim/kernel/traceLog.js';
import { chromeTraceProblems, type TraceEvent } from '../helpers/chromeTraceProblems.js';

/** A client connects to a server, the connection closes, the client keeps TIME_WAIT; a job runs. */
function smallLog(): TraceLog {
  const log = new TraceLog();
  const client = { host: 'web1', process: 'perlbal' };
  const server = { host: 'app1', process: 'app' };
  const flow = log.slices.newFlow();
  const connection = log.slices.open(client, 'connection', 1_000, { out: flow });
  const accepted = log.slices.open(server, 'connection', 1_080, { in: flow });
  log.slices.close(accepted, 5_000);
  log.slices.close(connection, 5_080);
  log.slices.add(client, 'TIME_WAIT', 5_080, 65_080);
  log.slices.open({ host: 'load', process: 'jobs' }, 'jobs', 2_000);
  log.add(1_080, 'app', 'tcp.syn', 2);
  log.add(1_160, 'web1', 'tcp.synAck', 1);
  log.add(50_000, 'loadgen', 'request', 0);
  return log;
}

function chromeEvents(log: TraceLog, options: Parameters<typeof chromeTraceChunks>[2]): TraceEvent[] {
  return (JSON.parse([...chromeTraceChunks(log, 'run', options)].join('')) as { traceEvents: TraceEvent[] }).traceEvents;
}

describe('the Chrome trace of a run', () => {
  it('puts each host on a process track and each of its processes on a named thread', () => {
    const events = chromeEvents(smallLog(), { endUs: 100_000 });
    const names = events.filter((e) => e.ph === 'M').map((e) => `${e.name} ${e.pid}/${e.tid} ${(e as unknown as { args: { name: string } }).args.name}`);
    expect(names).toContain('process_name 1/0 run');
    expect(names).toContain('process_name 2/0 web1');
    expect(names).toContain('thread_name 2/1 perlbal');
    expect(names).toContain('thread_name 3/1 app');
    // A host's own events (its TCP stack's) go on a thread of their own on that host.
    expect(names).toContain('thread_name 2/2 kernel (tcp)');
  });

  it('draws connections, TIME_WAIT and jobs as slices that begin and end, and the hop as a flow', () => {
    const events = chromeEvents(smallLog(), { endUs: 100_000 });
    expect(chromeTraceProblems(events)).toEqual([]);
    const begins = events.filter((e) => e.ph === 'b').map((e) => e.name);
    expect(begins).toEqual(['connection', 'connection', 'TIME_WAIT', 'jobs']);
    const timeWaitEnd = events.find((e) => e.ph === 'e' && e.name === 'TIME_WAIT');
    expect(timeWaitEnd?.ts).toBe(65_080);
    const flow = events.filter((e) => e.bind_id !== undefined).map((e) => `${e.name} ${e.pid} ${e.ts}`);
    expect(flow).toEqual(['connect 2 1000', 'accept 3 1080']);
  });

  it('ends a slice still open when the run ended at the run end, marked open', () => {
    const events = chromeEvents(smallLog(), { endUs: 100_000 });
    const job = events.filter((e) => e.name === 'jobs');
    expect(job.map((e) => `${e.ph} ${e.ts}`)).toEqual(['b 2000', 'e 100000']);
    expect((job[0] as unknown as { args: { open: boolean } }).args.open).toBe(true);
  });

  it('keeps only the window: events outside are dropped, slices cut to it, arrows only when both ends are in it', () => {
    const window = { fromUs: 1_050, untilUs: 10_000 };
    const events = chromeEvents(smallLog(), { endUs: 100_000, window });
    expect(chromeTraceProblems(events)).toEqual([]);
    const timed = events.filter((e) => e.ph !== 'M');
    expect(timed.every((e) => (e.ts as number) >= window.fromUs && (e.ts as number) <= window.untilUs)).toBe(true);
    expect(timed.filter((e) => e.ph === 'i').map((e) => e.name)).toEqual(['tcp.syn', 'tcp.synAck']);
    expect(timed.filter((e) => e.ph === 'e' && e.name === 'TIME_WAIT').map((e) => e.ts)).toEqual([10_000]);
    // The connect at 1 000 µs lies before the window, so the accept's arrow would dangle.
    expect(timed.filter((e) => e.bind_id !== undefined)).toEqual([]);
    const lines = [...traceJsonLines(smallLog(), window)].map((line) => JSON.parse(line) as { tUs: number });
    expect(lines.map((line) => line.tUs)).toEqual([1_080, 1_160]);
  });

  it('estimates its size from the events and slices the window keeps', () => {
    const log = smallLog();
    expect(estimateTraceBytes(log)).toBeGreaterThan(estimateTraceBytes(log, { fromUs: 40_000, untilUs: 60_000 }));
    expect(estimateTraceBytes(new TraceLog())).toBe(0);
  });
});

describe('a trace log with a window', () => {
  it('keeps only the records in the window, so its limit is spent there, and still counts every event', () => {
    const log = new TraceLog(2, { fromUs: 100, untilUs: 200 });
    for (let timeUs = 0; timeUs < 300; timeUs += 40) log.add(timeUs, 'a', 'e', timeUs);
    // 0 40 80 | 120 160 | 200 240 280: two in the window, both kept.
    expect([log.get(0)?.timeUs, log.get(1)?.timeUs]).toEqual([120, 160]);
    expect(log.size).toBe(2);
    expect(log.seen).toBe(8);
    expect(log.truncated).toBe(false);
    log.add(199, 'a', 'e', 0);
    expect(log.truncated).toBe(true);
  });
});
