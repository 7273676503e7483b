import { usToMs } from '../kernel/time.js';
import type { GrabEvent } from '../contract/grabHistory.js';

/** One history event as a line: time in ms, kind, then who and what (`assigned j3 to w1#1`). */
export function formatGrabEvent(event: GrabEvent): string {
  return `${usToMs(event.atUs).toFixed(3).padStart(12)} ms  ${event.kind.padEnd(11)} ${describe(event)}`;
}

function describe(event: GrabEvent): string {
  switch (event.kind) {
    case 'submitted': return event.client === undefined ? `${event.job} (background)` : `${event.job} by ${event.client}`;
    case 'assigned': return `${event.job} to ${event.worker}`;
    case 'completed': return `${event.job} by ${event.worker}`;
    case 'failed': return `${event.job} (${event.reason})${event.worker === undefined ? '' : ` by ${event.worker}`}`;
    case 'requeued': return event.job;
    case 'workerLost': return event.worker;
    case 'clientReply': return `${event.reply} for ${event.job} to ${event.client}`;
    case 'clientLost': return event.client;
  }
}
