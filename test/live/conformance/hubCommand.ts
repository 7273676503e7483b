import fc from 'fast-check';
import type { PacketType } from '../../../sim/models/jobhub/packet.js';

/**
 * One step of a conformance program, sent on one connection. Job handles are named by
 * position (the n-th handle this worker was assigned, the n-th any client was given) and
 * resolved against each server's own replies, so one program runs on both.
 */
export type HubCommand =
  | { readonly kind: 'submit'; readonly client: number; readonly type: PacketType; readonly functionName: string; readonly unique: string; readonly data: string }
  | { readonly kind: 'grab'; readonly worker: number; readonly type: 'GRAB_JOB' | 'GRAB_JOB_UNIQ' | 'GRAB_JOB_ALL' }
  | { readonly kind: 'preSleep'; readonly worker: number }
  | { readonly kind: 'work'; readonly worker: number; readonly type: PacketType; readonly job: number; readonly data: string }
  | { readonly kind: 'getStatus'; readonly client: number; readonly job: number }
  | { readonly kind: 'option'; readonly client: number; readonly option: string }
  | { readonly kind: 'echo'; readonly client: number; readonly data: string }
  | { readonly kind: 'notExpected'; readonly client: number; readonly type: PacketType }
  | { readonly kind: 'responseMagic'; readonly client: number }
  | { readonly kind: 'admin'; readonly line: string };

/** A whole program: which functions each worker registers, in order, and its client id if it sets one; then the steps. */
export interface HubProgram {
  readonly workers: readonly (readonly string[])[];
  readonly workerIds: readonly (string | null)[];
  readonly clients: number;
  readonly commands: readonly HubCommand[];
}

const functionNames = ['fa', 'fb', 'fc'];
const submitTypes: PacketType[] = ['SUBMIT_JOB', 'SUBMIT_JOB_BG', 'SUBMIT_JOB_HIGH', 'SUBMIT_JOB_HIGH_BG', 'SUBMIT_JOB_LOW', 'SUBMIT_JOB_LOW_BG'];
const workTypes: PacketType[] = ['WORK_COMPLETE', 'WORK_FAIL', 'WORK_EXCEPTION', 'WORK_DATA', 'WORK_WARNING', 'WORK_STATUS'];
/** Job data: text, empty, and bytes a text codec would mangle (NUL, high bytes). */
const data = fc.constantFrom('', 'x', 'y', 'hello', 'a\0b', '\xff\xfe\x00');

/** Programs of up to `commandsMax` steps over 1–3 workers and 1–3 clients. */
export function hubProgramArbitrary(commandsMax: number): fc.Arbitrary<HubProgram> {
  const registrations = fc.shuffledSubarray(functionNames, { minLength: 1 });
  return fc
    .record({ workers: fc.array(registrations, { minLength: 1, maxLength: 3 }), clients: fc.integer({ min: 1, max: 3 }) })
    .chain(({ workers, clients }) => {
      const worker = fc.nat({ max: workers.length - 1 });
      const client = fc.nat({ max: clients - 1 });
      const command: fc.Arbitrary<HubCommand> = fc.oneof(
        { weight: 5, arbitrary: fc.record({ kind: fc.constant('submit' as const), client, type: fc.constantFrom(...submitTypes), functionName: fc.constantFrom(...functionNames, 'fz'), unique: fc.constantFrom('', '', 'u1', 'u2', '-'), data }) },
        { weight: 4, arbitrary: fc.record({ kind: fc.constant('grab' as const), worker, type: fc.constantFrom('GRAB_JOB' as const, 'GRAB_JOB_UNIQ' as const, 'GRAB_JOB_ALL' as const) }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('preSleep' as const), worker }) },
        { weight: 4, arbitrary: fc.record({ kind: fc.constant('work' as const), worker, type: fc.constantFrom(...workTypes), job: fc.nat({ max: 3 }), data }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('getStatus' as const), client, job: fc.nat({ max: 3 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('option' as const), client, option: fc.constantFrom('exceptions', 'EXCEPTIONS', 'bogus') }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('echo' as const), client, data }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('notExpected' as const), client, type: fc.constantFrom<PacketType>('NOOP', 'JOB_CREATED', 'NO_JOB', 'ALL_YOURS', 'ECHO_RES') }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('responseMagic' as const), client }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('admin' as const), line: fc.constantFrom('status', 'workers', 'prioritystatus', 'STATUS', 'version', 'bogus', '') }) },
      );
      const workerIds = fc.array(fc.constantFrom(null, 'worker-a', 'w:b'), { minLength: workers.length, maxLength: workers.length });
      return fc.record({ workers: fc.constant(workers), workerIds, clients: fc.constant(clients), commands: fc.array(command, { minLength: 1, maxLength: commandsMax }) });
    });
}
