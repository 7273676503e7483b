import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

export type ReplicationState = 'underReplicated' | 'copying' | 'retryWait' | 'replicated' | 'fileGone';

export type ReplicationEvent =
  | { readonly type: 'worker.take' }
  | { readonly type: 'copies.enough' }
  | { readonly type: 'copies.short' }
  | { readonly type: 'drain.marked' }
  | { readonly type: 'retry.due' }
  | { readonly type: 'file.gone' };

/**
 * One file's way through the replicate worker, after MogileFS-Server
 * lib/MogileFS/Worker/Replicate.pm: a file short of `mindevcount` copies on distinct hosts
 * waits in `file_to_replicate` (`underReplicated`) until a worker takes it (`copying`: GET
 * from a source, PUT to each target, one at a time). Enough copies: `replicated`. Short:
 * `retryWait` until its `nexttry`, 15 s, 60 s, 300 s, 300 s … after each failure (the
 * backoff of `replicate_using_torepl_table`, counted by `failcount`), then queued again. A
 * drain marked while it copies sends it round once more with the device masked
 * (`rebalance_devfid`); a file deleted meanwhile is dropped (`fileGone`).
 */
export const replicationMachine = setup({
  types: { events: {} as ReplicationEvent },
}).createMachine({
  id: 'fileReplication',
  initial: 'underReplicated',
  states: {
    underReplicated: { on: { 'worker.take': { target: 'copying' } } },
    copying: {
      on: {
        'copies.enough': { target: 'replicated' },
        'copies.short': { target: 'retryWait' },
        'drain.marked': { target: 'underReplicated' },
        'file.gone': { target: 'fileGone' },
      },
    },
    retryWait: { on: { 'retry.due': { target: 'underReplicated' } } },
    replicated: { type: 'final' },
    fileGone: { type: 'final' },
  },
});

export const replicationLifecycle = compileLifecycle<ReplicationState, ReplicationEvent['type']>(replicationMachine);
