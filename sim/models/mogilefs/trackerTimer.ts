/** Delayed events the tracker's state asks its machine for; the machine gives each its explicit id. */
export type TrackerTimer =
  | { readonly type: 'tracker.queryDone'; readonly queryId: number }
  | { readonly type: 'tracker.replicate'; readonly fid: number }
  | { readonly type: 'tracker.storageTimeout'; readonly id: number }
  | { readonly type: 'tracker.copyTransferred'; readonly copyId: number }
  | { readonly type: 'tracker.deleteRetry'; readonly jobId: number }
  | { readonly type: 'monitor.cycle' };

export type TimerRequest =
  | {
      readonly type: 'timer.start';
      readonly timerId: string;
      /** 0 raises the event at once, within the same step. */
      readonly delayMs: number;
      readonly event: TrackerTimer;
    }
  /** Drops a pending timer, so an answered request leaves no timeout event in the queue. */
  | { readonly type: 'timer.cancel'; readonly timerId: string };
