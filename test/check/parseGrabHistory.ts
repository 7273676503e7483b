import type { GrabEvent } from '../../sim/contract/grabHistory.js';

/**
 * Reads a hand-written history, one event a line: `<ms> <kind> <arguments>`, where the
 * arguments are, by kind: submitted `job [client]`; assigned/completed `job worker`;
 * failed `job reason [worker]`; requeued `job`; workerLost `worker`;
 * clientReply `client job reply`; clientLost `client`.
 */
export function parseGrabHistory(text: string): GrabEvent[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'))
    .map(parseLine);
}

function parseLine(line: string): GrabEvent {
  const [ms, kind, a = '', b, c] = line.split(/\s+/);
  const atUs = Math.round(Number(ms) * 1_000);
  if (!Number.isFinite(atUs)) throw new Error(`parseGrabHistory: bad time in "${line}"`);
  switch (kind) {
    case 'submitted': return b === undefined ? { kind, atUs, job: a } : { kind, atUs, job: a, client: b };
    case 'assigned':
    case 'completed': return { kind, atUs, job: a, worker: b ?? '' };
    case 'failed': return c === undefined ? { kind, atUs, job: a, reason: b ?? '' } : { kind, atUs, job: a, reason: b ?? '', worker: c };
    case 'requeued': return { kind, atUs, job: a };
    case 'workerLost': return { kind, atUs, worker: a };
    case 'clientReply': return { kind, atUs, client: a, job: b ?? '', reply: c as 'complete' | 'fail' | 'exception' };
    case 'clientLost': return { kind, atUs, client: a };
    default: throw new Error(`parseGrabHistory: unknown kind in "${line}"`);
  }
}
