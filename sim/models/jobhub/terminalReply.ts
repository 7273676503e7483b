import type { HubJob } from './hubJob.js';
import type { HubState } from './hubState.js';
import { response } from './packet.js';

/** How a job ended, as its clients are told. */
export type TerminalKind = 'complete' | 'fail' | 'exception';

/**
 * Tells every client attached to a job how it ended and records each reply. A client that
 * did not send OPTION_REQ `exceptions` gets WORK_FAIL for a WORK_EXCEPTION, as gearmand does
 * (`_server_queue_work_data` in libgearman-server/server.cc).
 */
export function sendTerminal(hub: HubState, job: HubJob, kind: TerminalKind, data: string): void {
  for (const client of job.clients) {
    const reply = kind === 'exception' && !client.exceptions ? 'fail' : kind;
    if (reply === 'fail') hub.send(client, response('WORK_FAIL', job.handle));
    else hub.send(client, response(reply === 'complete' ? 'WORK_COMPLETE' : 'WORK_EXCEPTION', job.handle, data));
    hub.record({ kind: 'clientReply', client: client.identity(), job: job.handle, reply });
  }
}
