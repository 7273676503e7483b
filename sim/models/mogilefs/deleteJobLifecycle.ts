import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

export type DeleteJobState = 'queued' | 'deleting' | 'retryWait' | 'deleted';

export type DeleteJobEvent =
  | { readonly type: 'worker.take' }
  | { readonly type: 'device.dead' }
  | { readonly type: 'device.deferred' }
  | { readonly type: 'delete.gone' }
  | { readonly type: 'delete.failed' }
  | { readonly type: 'retry.due' };

/**
 * One copy to remove, after MogileFS-Server lib/MogileFS/Worker/Delete.pm
 * (`process_deletes2`): `queued` in `file_to_delete2` until the worker takes it; a dead
 * device's copy counts as `deleted` at once; a device that cannot take a DELETE now
 * (unreachable, readonly, down) puts it in `retryWait` without a request; otherwise
 * `deleting` while the HTTP DELETE is out: 2xx or 404 means `deleted`, a failure means
 * `retryWait` (30 min × (1 + failcount)) and back in the queue when it is due.
 */
export const deleteJobMachine = setup({
  types: { events: {} as DeleteJobEvent },
}).createMachine({
  id: 'deleteJob',
  initial: 'queued',
  states: {
    queued: {
      on: { 'worker.take': { target: 'deleting' }, 'device.dead': { target: 'deleted' }, 'device.deferred': { target: 'retryWait' } },
    },
    deleting: { on: { 'delete.gone': { target: 'deleted' }, 'delete.failed': { target: 'retryWait' } } },
    retryWait: { on: { 'retry.due': { target: 'queued' } } },
    deleted: { type: 'final' },
  },
});

export const deleteJobLifecycle = compileLifecycle<DeleteJobState, DeleteJobEvent['type']>(deleteJobMachine);
