import { describe, expect, it } from 'vitest';
import { HeldJobs } from '../../../sim/models/jobhub/heldJobs.js';
import { HubJob } from '../../../sim/models/jobhub/hubJob.js';

function job(handle: string): HubJob {
  return new HubJob(handle, 'resize', '', '', 'normal', false, null);
}

describe("a worker connection's held jobs", () => {
  it('are listed in assignment order, without the entry that keeps the set from emptying', () => {
    const held = new HeldJobs();
    const [first, second, third] = [job('H:a:1'), job('H:a:2'), job('H:a:3')];
    held.add(first);
    held.add(second);
    held.add(third);
    held.delete(second);
    expect(held.list().map((each) => each.handle)).toEqual(['H:a:1', 'H:a:3']);
    expect(held.size).toBe(2);
  });

  it('are empty again once each job is deleted, and keep working after emptying many times', () => {
    const held = new HeldJobs();
    for (let index = 1; index <= 100; index++) {
      const next = job(`H:a:${index}`);
      held.add(next);
      expect(held.list()).toEqual([next]);
      held.delete(next);
    }
    expect(held.size).toBe(0);
    expect(held.list()).toEqual([]);
  });

  it('hand out a new list each time, so a caller may end the jobs while going through it', () => {
    const held = new HeldJobs();
    const only = job('H:a:1');
    held.add(only);
    const listed = held.list();
    held.delete(only);
    expect(listed).toEqual([only]);
  });
});
