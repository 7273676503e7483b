import { describe, expect, it } from 'vitest';
import { chromeTraceChunks, traceJsonLines } from '../../sim/kernel/traceFiles.js';
import { TraceLog } from '../../sim/kernel/traceLog.js';

describe('trace log', () => {
  it('names the first record where two logs differ', () => {
    const a = new TraceLog();
    const b = new TraceLog();
    for (let i = 0; i < 5000; i++) {
      a.add(i, 'client', 'tcp.data', i);
      b.add(i, 'client', i === 4321 ? 'tcp.fin' : 'tcp.data', i);
    }
    expect(a.firstDifference(b)).toBe(4321);
    expect(a.firstDifference(a)).toBe(-1);
  });

  it('reports a shorter log as differing where it ends', () => {
    const a = new TraceLog();
    const b = new TraceLog();
    a.add(1, 'x', 'e', 0);
    a.add(2, 'x', 'e', 0);
    b.add(1, 'x', 'e', 0);
    expect(a.firstDifference(b)).toBe(1);
  });

  it('keeps at most recordsMax records and says it truncated', () => {
    const log = new TraceLog(10);
    for (let i = 0; i < 25; i++) log.add(i, 'x', 'e', i);
    expect(log.size).toBe(10);
    expect(log.seen).toBe(25);
    expect(log.truncated).toBe(true);
  });

  it('writes JSON lines and Chrome Trace Event JSON that parse', () => {
    const log = new TraceLog();
    log.add(10, 'client', 'tcp.connected', 1);
    log.add(25, 'server', 'tcp.data', 2);
    const lines = [...traceJsonLines(log)].map((line) => JSON.parse(line));
    expect(lines[1]).toEqual({ tUs: 25, actor: 'server', type: 'tcp.data', key: 2 });
    const chrome = JSON.parse([...chromeTraceChunks(log, 'run')].join(''));
    const instants = chrome.traceEvents.filter((e: { ph: string }) => e.ph === 'i');
    expect(instants).toHaveLength(2);
    expect(instants[1]).toMatchObject({ name: 'tcp.data', ts: 25, pid: 1 });
    // With no slices there are no hosts: every actor is a thread of the run's own process.
    const threads = chrome.traceEvents.filter((e: { name: string }) => e.name === 'thread_name');
    expect(threads.map((e: { args: { name: string } }) => e.args.name)).toEqual(['client', 'server']);
  });
});
