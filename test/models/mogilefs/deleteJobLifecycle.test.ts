import { describe, expect, it } from 'vitest';
import { deleteJobMachine } from '../../../sim/models/mogilefs/deleteJobLifecycle.js';
import { accepts, walk } from '../../helpers/walkMachine.js';

describe('delete job lifecycle (Delete.pm)', () => {
  it('a queued copy is deleted once its DELETE answers', () => {
    expect(walk(deleteJobMachine, ['worker.take', 'delete.gone'])).toEqual(['queued', 'deleting', 'deleted']);
  });

  it("a dead device's copy counts as deleted without a request", () => {
    expect(walk(deleteJobMachine, ['device.dead'])).toEqual(['queued', 'deleted']);
  });

  it('a device that cannot take a DELETE now, or a failed DELETE, waits out a retry and queues again', () => {
    expect(walk(deleteJobMachine, ['device.deferred', 'retry.due'])).toEqual(['queued', 'retryWait', 'queued']);
    expect(walk(deleteJobMachine, ['worker.take', 'delete.failed', 'retry.due'])).toEqual(['queued', 'deleting', 'retryWait', 'queued']);
  });

  it('a deleted copy is done for good', () => {
    expect(accepts(deleteJobMachine, ['device.dead'], 'worker.take')).toBe(false);
  });
});
