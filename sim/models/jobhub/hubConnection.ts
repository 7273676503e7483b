import { HeldJobs } from './heldJobs.js';
import type { HubJob } from './hubJob.js';
import { workerConnectionLifecycle, type WorkerConnectionState } from './workerConnectionLifecycle.js';

/** One function a connection registered: its CAN_DO_TIMEOUT (0: none) and its place in the hub-wide registration order. */
export interface Ability {
  readonly timeoutMs: number;
  /** gearmand keeps each function's workers in registration order and wakes them in it (job.cc, worker.cc). */
  readonly order: number;
}

/** Everything the hub knows about one TCP connection, whether it acts as client, worker, or both. */
export class HubConnection {
  /** SET_CLIENT_ID's value, or null (the admin `workers` list shows gearmand's default "-"). */
  clientId: string | null = null;
  /** Functions this connection can do, in the order it registered them. */
  readonly abilities = new Map<string, Ability>();
  /** `abilities`' names newest first, made when first asked after a change (abilities.ts `abilitiesNewestFirst`); null until then. */
  newestFirst: readonly string[] | null = null;
  /** Its sleep cycle (workerConnectionLifecycle.ts): gearmand's `is_sleeping` and `is_noop_sent`. */
  sleep: WorkerConnectionState = workerConnectionLifecycle.start();
  /** OPTION_REQ `exceptions` was accepted: WORK_EXCEPTION is forwarded rather than turned into WORK_FAIL. */
  exceptions = false;
  /** Jobs this connection runs as a worker, in assignment order. */
  readonly held = new HeldJobs();
  /** Foreground jobs this connection waits on, with how many of its submits are attached to each. */
  readonly waiting = new Map<HubJob, number>();
  /** Registered an ability at some point: its loss is a `workerLost` in the history. */
  wasWorker = false;
  /** Submitted a foreground job at some point: its loss is a `clientLost` in the history. */
  wasClient = false;

  constructor(
    readonly connId: number,
    /** The peer's address, for the admin `workers` list. */
    readonly remoteIp: string,
  ) {
    this.connName = `conn:${connId}`;
  }

  /** `conn:<connId>`, made once: the history names a connection several times per job. */
  private readonly connName: string;

  /** Its name in the history: the client id if SET_CLIENT_ID was sent, else `conn:<connId>`. */
  identity(): string {
    return this.clientId ?? this.connName;
  }
}
