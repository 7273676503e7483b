import { describe, expect, it } from 'vitest';
import { checkGrabAtomicity, formatViolation, GrabAtomicityCheck, type GrabAtomicityOptions, type GrabViolation } from '../../sim/check/grabAtomicity.js';
import { parseGrabHistory } from './parseGrabHistory.js';

const requeue: GrabAtomicityOptions = { mode: 'requeue', faults: true };
const fail: GrabAtomicityOptions = { mode: 'fail', faults: true };
const faultFree: GrabAtomicityOptions = { mode: 'requeue', faults: false };

function check(text: string, options: GrabAtomicityOptions): GrabViolation[] {
  return checkGrabAtomicity(parseGrabHistory(text), options);
}

function rulesOf(violations: readonly GrabViolation[]): string[] {
  return violations.map((violation) => violation.rule);
}

describe('grab atomicity: histories that obey every rule', () => {
  it('accepts a foreground job assigned, completed and replied to once', () => {
    const history = `
      0 submitted   j1 c1
      1 assigned    j1 w1
      5 completed   j1 w1
      5 clientReply c1 j1 complete`;
    expect(check(history, faultFree)).toEqual([]);
    expect(check(history, fail)).toEqual([]);
  });

  it('accepts a requeue after worker loss: the next worker holds the job alone', () => {
    expect(check(`
      0 submitted   j1 c1
      1 assigned    j1 w1#1
      2 workerLost  w1#1
      2 requeued    j1
      3 assigned    j1 w2#1
      9 completed   j1 w2#1
      9 clientReply c1 j1 complete`, requeue)).toEqual([]);
  });

  it('accepts a job reappearing after a lost worker\'s lease, with no requeued event (TheSchwartz)', () => {
    expect(check(`
      0    submitted  j1
      1    assigned   j1 w1#1
      2    workerLost w1#1
      3601 assigned   j1 w2#1
      3602 completed  j1 w2#1`, { ...requeue, drained: true })).toEqual([]);
  });

  it('accepts a unique-coalesced job with two clients, each replied to once', () => {
    expect(check(`
      0 submitted   j1 c1
      1 submitted   j1 c2
      2 assigned    j1 w1
      4 completed   j1 w1
      4 clientReply c1 j1 complete
      4 clientReply c2 j1 complete`, faultFree)).toEqual([]);
  });

  it('accepts a failed job in fail mode once its worker is lost, replied to with fail', () => {
    expect(check(`
      0 submitted   j1 c1
      1 assigned    j1 w1
      2 workerLost  w1
      2 failed      j1 workerLost
      2 clientReply c1 j1 fail`, fail)).toEqual([]);
  });

  it('accepts a job failed in the name of the worker lost while holding it (as gearmand records it)', () => {
    expect(check(`
      0 submitted   j1 c1
      1 assigned    j1 w1
      2 workerLost  w1
      2 failed      j1 retriesExhausted w1
      2 clientReply c1 j1 fail`, requeue)).toEqual([]);
  });

  it('accepts a job still queued or held at the end of a history that is not drained', () => {
    expect(check(`
      0 submitted j1 c1
      0 submitted j2 c2
      1 assigned  j2 w1`, faultFree)).toEqual([]);
  });

  it('accepts no reply, or one, to a client lost before its job ended', () => {
    const history = `
      0 submitted   j1 c1
      0 submitted   j2 c1
      1 clientLost  c1
      2 assigned    j1 w1
      3 completed   j1 w1
      4 assigned    j2 w1
      5 completed   j2 w1
      5 clientReply c1 j2 complete`;
    expect(check(history, requeue)).toEqual([]);
  });

  it('accepts a name submitted again after its job ended as a new job', () => {
    expect(check(`
      0 submitted j1
      1 assigned  j1 w1
      2 completed j1 w1
      3 submitted j1
      4 assigned  j1 w2
      5 completed j1 w2`, { ...faultFree, drained: true })).toEqual([]);
  });
});

describe('grab atomicity, rule 1: no job held by two live workers at once', () => {
  it('reports a second assignment while the first worker still holds the job', () => {
    const violations = check(`
      0 submitted j1
      1 assigned  j1 w1
      2 assigned  j1 w2
      3 completed j1 w1
      4 completed j1 w2`, requeue);
    expect(violations).toEqual([
      { rule: 'doubleHold', text: 'job j1 held by live workers w1 and w2 at once', atUs: 2_000, job: 'j1', worker: 'w2', eventIndexes: [1, 2] },
    ]);
  });

  it('reports a live worker whose lease ran out while it still worked (TheSchwartz grab_for)', () => {
    expect(rulesOf(check(`
      0    submitted j1
      1    assigned  j1 w1
      3601 assigned  j1 w2
      3700 completed j1 w1`, requeue))).toEqual(['doubleHold']);
  });

  it('ends a hold at the job\'s requeue, at the worker\'s loss, and at its own completion only', () => {
    expect(check(`
      0 submitted j1
      1 assigned  j1 w1
      2 requeued  j1
      3 assigned  j1 w2
      4 workerLost w2
      5 assigned  j1 w3`, requeue)).toEqual([]);
  });
});

describe('grab atomicity, rule 2: no accepted job lost', () => {
  it('reports a job never ended in a drained history', () => {
    const violations = check(`
      0 submitted j1
      0 submitted j2
      1 assigned  j2 w1
      1 workerLost w1`, { ...requeue, drained: true });
    expect(violations.map((v) => v.text)).toEqual([
      'job j1 never ended (still queued) though the history is drained',
      'job j2 never ended (still queued) though the history is drained',
    ]);
  });

  it('reports, in fail mode, a lost worker\'s job that never failed', () => {
    const violations = check(`
      0 submitted  j1
      1 assigned   j1 w1
      2 workerLost w1`, fail);
    expect(violations).toMatchObject([{ rule: 'jobLost', job: 'j1', eventIndexes: [0, 2] }]);
  });

  it('reports, in fail mode, a lost worker\'s job assigned again instead of failed', () => {
    expect(rulesOf(check(`
      0 submitted  j1
      1 assigned   j1 w1
      2 workerLost w1
      3 assigned   j1 w2
      4 completed  j1 w2`, fail))).toEqual(['jobLost']);
  });

  it('allows the same reassignment in requeue mode', () => {
    expect(check(`
      0 submitted  j1
      1 assigned   j1 w1
      2 workerLost w1
      3 assigned   j1 w2
      4 completed  j1 w2`, requeue)).toEqual([]);
  });
});

describe('grab atomicity, rule 3: one terminal reply per foreground client and job', () => {
  it('reports a client left without a reply', () => {
    expect(check(`
      0 submitted   j1 c1
      0 submitted   j1 c2
      1 assigned    j1 w1
      2 completed   j1 w1
      2 clientReply c1 j1 complete`, faultFree)).toMatchObject([
      { rule: 'clientReply', client: 'c2', job: 'j1', text: 'client c2 got no reply for job j1, which completed', eventIndexes: [1, 3] },
    ]);
  });

  it('reports a second reply, even to a lost client', () => {
    expect(check(`
      0 submitted   j1 c1
      1 assigned    j1 w1
      2 completed   j1 w1
      2 clientReply c1 j1 complete
      3 clientLost  c1
      3 clientReply c1 j1 complete`, requeue)).toMatchObject([{ rule: 'clientReply', eventIndexes: [3, 5] }]);
  });

  it('reports a reply that does not match how the job ended', () => {
    expect(check(`
      0 submitted   j1 c1
      1 assigned    j1 w1
      2 failed      j1 exception w1
      2 clientReply c1 j1 complete`, requeue)).toMatchObject([{ rule: 'clientReply', text: "client c1 got 'complete' for job j1, which failed" }]);
  });

  it('reports a reply to a client that did not submit the job, and to a background job', () => {
    expect(check(`
      0 submitted   j1 c1
      0 submitted   j2
      1 assigned    j1 w1
      1 assigned    j2 w2
      2 completed   j1 w1
      2 completed   j2 w2
      2 clientReply c1 j1 complete
      2 clientReply c2 j1 complete
      2 clientReply c1 j2 complete`, faultFree).map((v) => v.client)).toEqual(['c2', 'c1']);
  });

  it('reports a reply for a job that never ended', () => {
    expect(rulesOf(check(`
      0 submitted   j1 c1
      1 clientReply c1 j1 fail`, requeue))).toEqual(['clientReply']);
  });

  it('reports no reply to a client lost only after its job ended', () => {
    expect(rulesOf(check(`
      0 submitted  j1 c1
      1 assigned   j1 w1
      2 completed  j1 w1
      3 clientLost c1`, requeue))).toEqual(['clientReply']);
  });
});

describe('grab atomicity, rule 4: without faults each job completes exactly once', () => {
  it('reports a second completion besides the double hold behind it', () => {
    expect(rulesOf(check(`
      0 submitted j1
      1 assigned  j1 w1
      2 assigned  j1 w2
      3 completed j1 w1
      4 completed j1 w2`, faultFree))).toEqual(['doubleHold', 'notExactlyOnce']);
  });

  it('reports a failure, a requeue and a lost worker in a run without faults', () => {
    expect(check(`
      0 submitted  j1
      0 submitted  j2
      1 assigned   j1 w1
      2 workerLost w1
      2 requeued   j1
      3 assigned   j2 w2
      4 failed     j2 exception w2`, faultFree).map((v) => v.text)).toEqual([
      'worker w1 lost in a run without faults',
      'job j1 requeued in a run without faults',
      'job j2 failed (exception) in a run without faults',
    ]);
  });
});

describe('grab atomicity: a history that contradicts itself', () => {
  it('reports events about unknown jobs, non-holders and lost workers', () => {
    expect(check(`
      0 submitted  j1
      1 assigned   j9 w1
      2 completed  j1 w1
      3 assigned   j1 w2
      4 workerLost w2
      5 completed  j1 w2`, requeue).map((v) => v.text)).toEqual([
      'job j9 assigned but never submitted',
      'job j1 completed by worker w1, which does not hold it',
      'job j1 assigned to worker w2 after it completed',
      'job j1 completed by worker w2, which was lost before',
    ]);
  });

  it('reports a job failed in the name of a lost worker that never held it', () => {
    expect(check(`
      0 submitted  j1
      1 workerLost w1
      2 failed     j1 workerLost w1`, fail).map((v) => v.text)).toEqual(['job j1 failed by worker w1, which was lost before']);
  });

  it('reports an assignment after the job completed (a grab of a deleted row)', () => {
    expect(check(`
      0 submitted j1
      1 assigned  j1 w1
      2 completed j1 w1
      3 assigned  j1 w2`, requeue)).toMatchObject([{ rule: 'inconsistent', text: 'job j1 assigned to worker w2 after it completed', eventIndexes: [2, 3] }]);
  });

  it('names the API when the mode is not one it knows', () => {
    expect(() => checkGrabAtomicity([], { mode: 'drop' as never, faults: true })).toThrow(/checkGrabAtomicity: mode should be/);
  });
});

describe('grab atomicity checked as the history is made (GrabAtomicityCheck)', () => {
  // Every rule's finding: an end-of-history one (a job never ended, a reply never given) among them.
  const history = `
    0 submitted   j1 c1
    1 assigned    j1 w1
    2 assigned    j1 w2
    3 completed   j1 w1
    3 clientReply c1 j1 fail
    4 submitted   j2 c1
    4 submitted   j3 c2
    5 assigned    j3 w3
    6 workerLost  w3
    7 completed   j3 w2
    8 clientReply c1 j1 complete`;

  it('finds what the whole-history check finds, from events without their time and the time apart', () => {
    const events = parseGrabHistory(history);
    for (const options of [requeue, fail, faultFree, { ...requeue, drained: true }]) {
      const check = new GrabAtomicityCheck(options);
      for (const { atUs, ...event } of events) check.see(event, atUs);
      const online = check.finish();
      expect(online.length).toBeGreaterThan(3);
      expect(online).toEqual(checkGrabAtomicity(events, options));
    }
  });

  it('refuses an event older than the one before, as a history does', () => {
    const check = new GrabAtomicityCheck(requeue);
    check.see({ kind: 'submitted', job: 'j1', client: 'c1' }, 5);
    expect(() => check.see({ kind: 'assigned', job: 'j1', worker: 'w1' }, 4)).toThrow(/event at 4 µs recorded after one at 5 µs/);
  });
});

describe('formatViolation', () => {
  it('prints the rule, the sentence and the related history with the involved events marked', () => {
    const events = parseGrabHistory(`
      0 submitted j1 c1
      0 submitted j2 c2
      1 assigned  j1 w1
      1 assigned  j2 w3
      2 assigned  j1 w2
      3 completed j1 w1`);
    const [violation] = checkGrabAtomicity(events, requeue);
    expect(formatViolation(violation as GrabViolation, events)).toBe([
      'doubleHold: job j1 held by live workers w1 and w2 at once',
      '  history #0–#4 of 6, events about j1, w1, w2:',
      '    #0        0.000 ms  submitted   j1 by c1',
      '  > #2        1.000 ms  assigned    j1 to w1',
      '  > #4        2.000 ms  assigned    j1 to w2',
    ].join('\n'));
  });

  it('keeps the excerpt short, the job\'s own events and the nearest first, and says how many it left out', () => {
    const lines = ['0 submitted j1', '0 assigned j1 w1'];
    for (let i = 1; i <= 30; i++) lines.push(`${i} submitted k${i}`, `${i} assigned k${i} w1`, `${i} completed k${i} w1`);
    lines.push('40 assigned j1 w2');
    const events = parseGrabHistory(lines.join('\n'));
    const [violation] = checkGrabAtomicity(events, requeue);
    const text = formatViolation(violation as GrabViolation, events);
    expect(text.split('\n')).toHaveLength(2 + 14 + 1);
    expect(text).toContain('… 49 more related events in #0–#92');
    expect(text).toMatch(/^ {5}#0 +0\.000 ms {2}submitted {3}j1 \(background\)$/m);
    expect(text).toMatch(/^ {2}> #92 +40\.000 ms {2}assigned {4}j1 to w2$/m);
    expect(text).toMatch(/^ +#91 +30\.000 ms {2}completed {3}k30 by w1$/m);
  });
});
