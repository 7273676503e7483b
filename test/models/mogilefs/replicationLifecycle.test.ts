import { describe, expect, it } from 'vitest';
import { replicationMachine } from '../../../sim/models/mogilefs/replicationLifecycle.js';
import { accepts, walk } from '../../helpers/walkMachine.js';

describe("file replication lifecycle (Replicate.pm)", () => {
  it('an under-replicated file is copied by a worker and is done when it has enough copies', () => {
    expect(walk(replicationMachine, ['worker.take', 'copies.enough'])).toEqual(['underReplicated', 'copying', 'replicated']);
  });

  it('an attempt short of copies waits out its retry delay, then queues again', () => {
    expect(walk(replicationMachine, ['worker.take', 'copies.short', 'retry.due', 'worker.take'])).toEqual([
      'underReplicated', 'copying', 'retryWait', 'underReplicated', 'copying',
    ]);
  });

  it('a drain marked mid-copy sends the file round again; a file deleted mid-copy is dropped', () => {
    expect(walk(replicationMachine, ['worker.take', 'drain.marked'])).toEqual(['underReplicated', 'copying', 'underReplicated']);
    expect(walk(replicationMachine, ['worker.take', 'file.gone'])).toEqual(['underReplicated', 'copying', 'fileGone']);
  });

  it('a file waiting for its retry is not taken by a worker before it is due', () => {
    expect(accepts(replicationMachine, ['worker.take', 'copies.short'], 'worker.take')).toBe(false);
  });
});
