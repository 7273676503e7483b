/** The tracker's timer events: it starts them on its outbox by id, and its host delivers them when due. */
export type TrackerTimer =
  | { readonly type: 'tracker.queryDone'; readonly queryId: number }
  | { readonly type: 'tracker.replicate'; readonly fid: number }
  | { readonly type: 'tracker.storageTimeout'; readonly id: number }
  | { readonly type: 'tracker.copyTransferred'; readonly copyId: number }
  | { readonly type: 'tracker.deleteRetry'; readonly jobId: number }
  | { readonly type: 'monitor.cycle' };
