import { describe, expect, it } from 'vitest';
import { Metrics } from '../../sim/report/metrics.js';
import { RequestLedger } from '../../sim/scenario/requestLedger.js';

describe('request ledger', () => {
  it('counts each request once, with latency from its start, and names failures by reason', () => {
    const metrics = new Metrics();
    const ledger = new RequestLedger(metrics);
    for (let tag = 0; tag < 3000; tag++) ledger.begin(tag, tag * 10);
    ledger.carry(17, 0);
    ledger.succeed(ledger.tagOf(17), 2_000);
    ledger.fail(1, 'EADDRNOTAVAIL');
    ledger.fail(2, 'ECONNREFUSED');
    ledger.failIfOpen(0, 'closedBeforeResponse'); // already ok: a normal close
    ledger.flush();
    const flat = metrics.flatten();
    expect(flat).toMatchObject({
      'requests.attempted': 3000, 'requests.ok': 1, 'requests.failed': 2, 'requests.inFlightAtEnd': 2997,
      'requests.failed.EADDRNOTAVAIL': 1, 'requests.failed.ECONNREFUSED': 1, 'requests.latencyMs.p50': 2,
    });
    expect(ledger.endedTwice).toBe(0);
  });

  it('records a second end of the same request as a model error', () => {
    const ledger = new RequestLedger(new Metrics());
    ledger.begin(0, 0);
    ledger.succeed(0, 5);
    ledger.fail(0, 'ECONNRESET');
    expect(ledger.endedTwice).toBe(1);
    expect(ledger.failed).toBe(0);
  });

  it('forgets a connection once released', () => {
    const ledger = new RequestLedger(new Metrics());
    ledger.begin(0, 0);
    ledger.carry(5_000, 0);
    expect(ledger.tagOf(5_000)).toBe(0);
    ledger.release(5_000);
    expect(ledger.tagOf(5_000)).toBe(-1);
    expect(ledger.tagOf(9_999_999)).toBe(-1);
  });

  it('keeps start times of open requests across a long run, however old they get, and still catches second ends', () => {
    const ledger = new RequestLedger(new Metrics());
    ledger.begin(0, 7); // stays open while a million others come and go
    for (let tag = 1; tag <= 1_000_000; tag++) {
      ledger.begin(tag, tag);
      ledger.succeed(tag, tag + 1);
    }
    expect(ledger.startUs(0)).toBe(7);
    ledger.succeed(0, 10);
    ledger.begin(1_000_001, 20);
    expect(ledger.startUs(1_000_001)).toBe(20);
    ledger.fail(5, 'ECONNRESET');
    ledger.failIfOpen(6, 'closed');
    expect(ledger.endedTwice).toBe(1);
    expect(ledger.ok).toBe(1_000_001);
  });
});
