import { describe, expect, it } from 'vitest';
import type { JobWork, JobWorkContext } from '../../../sim/models/jobhub/jobWork.js';
import { response, type GearmanPacket } from '../../../sim/models/jobhub/packet.js';
import { jobWorkerDefaults } from '../../../sim/models/jobhub/worker.js';
import { WorkerState } from '../../../sim/models/jobhub/workerState.js';

const hubConn = 100;

/** A work plan of one exchange: connect to `store`, and finish with `ok` once it answers. */
function oneCall(ok: boolean, started: { data: string; tag: number }[]) {
  return (_func: string, data: string, context: JobWorkContext): JobWork => {
    const tag = context.nextTag();
    started.push({ data, tag });
    context.out.emit({ type: 'tcp.connect', host: 'store', port: 7500, tag });
    let connId = -1;
    return {
      handle(event) {
        if (event.type === 'tcp.connected' && event.tag === tag) return (connId = event.connId), true;
        if (event.type === 'tcp.message' && event.connId === connId) return context.finish(ok), true;
        return false;
      },
      timeout: () => {},
      abort: () => context.out.close(connId),
    };
  };
}

/** A worker connected to one hub, holding job H:1 of `resize` with `data`. */
function workerWithJob(ok: boolean, started: { data: string; tag: number }[]) {
  const worker = new WorkerState({ ...jobWorkerDefaults, name: 'w', hubs: [{ host: 'hub', port: 4730 }], functions: ['resize'], random: () => 0.5, work: oneCall(ok, started) });
  worker.connected(hubConn, 0);
  worker.receive(hubConn, response('JOB_ASSIGN', 'H:1', 'resize', 'pic1:7'));
  worker.out.drain();
  return worker;
}

/** The Gearman packets the worker sent to the hub since the last drain. */
function sentToHub(worker: WorkerState): string[] {
  return worker.out.drain().flatMap((effect) => effect.type === 'tcp.send' && effect.connId === hubConn ? [[(effect.message as GearmanPacket).type, ...(effect.message as GearmanPacket).args].join(' ')] : []);
}

describe('a worker given a work plan', () => {
  it('runs the job as the plan’s exchanges, on a tag apart from the hub links, and sends WORK_COMPLETE when it finishes well', () => {
    const started: { data: string; tag: number }[] = [];
    const worker = workerWithJob(true, started);
    expect(started).toEqual([{ data: 'pic1:7', tag: 1 }]);
    expect(worker.loopState).toBe('working');
    expect(worker.workHandled({ type: 'tcp.connected', connId: 200, tag: 1, localPort: 40000 })).toBe(true);
    expect(worker.workHandled({ type: 'tcp.message', connId: 200, message: 'stored' })).toBe(true);
    expect(sentToHub(worker)).toEqual(['WORK_COMPLETE H:1 done', 'GRAB_JOB']);
  });

  it('sends WORK_FAIL when the plan fails', () => {
    const worker = workerWithJob(false, []);
    worker.workHandled({ type: 'tcp.connected', connId: 200, tag: 1, localPort: 40000 });
    worker.workHandled({ type: 'tcp.message', connId: 200, message: 'down' });
    expect(sentToHub(worker)).toEqual(['WORK_FAIL H:1', 'GRAB_JOB']);
  });

  it('drops the work with the hub link, and closes a work connection that opens afterwards instead of taking it for a hub', () => {
    const worker = workerWithJob(true, []);
    worker.lost(hubConn, true);
    expect(worker.workHandled({ type: 'tcp.connected', connId: 300, tag: 1, localPort: 40001 })).toBe(false);
    worker.out.drain();
    worker.connected(300, 1);
    expect(worker.out.drain()).toEqual([{ type: 'tcp.close', connId: 300 }]);
    expect(worker.loopState).toBe('connecting');
  });
});
