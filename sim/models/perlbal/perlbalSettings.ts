/**
 * Perlbal's parameters: what `perlbalMachine` takes as input, their defaults, and the check
 * that turns an input into settings (bad input is a clear error naming what was
 * wrong and what is allowed). Defaults are Perlbal 1.80's unless a comment says otherwise.
 */

/** A web node Perlbal forwards client requests to. */
export interface Backend {
  readonly host: string;
  readonly port: number;
}

/**
 * How Perlbal talks to storage nodes when it reproxies (ReproxyManager.pm; the incident this project models):
 * `close` is Perlbal before 1.01 (a new `Connection: close` connection per file, closed by
 * the proxy, so the proxy host keeps every TIME_WAIT); `keepalive` is 1.01 and later (asks
 * for keep-alive and keeps one idle connection per storage host:port for 5 s).
 */
export type ReproxyMode = 'close' | 'keepalive';

/** Every setting of the proxy, resolved. */
export interface PerlbalSettings {
  /** Port the proxy listens on. */
  readonly port: number;
  /** Listen backlog; Perlbal passes SOMAXCONN (128 on Linux 2.6) to listen(). */
  readonly backlog: number;
  /** Web nodes, picked uniformly at random for each new backend connection (Pool.pm, `balance_method random`). */
  readonly backends: readonly Backend[];
  /** The seeded stream the pick draws from: values in [0, 1). */
  readonly random: () => number;
  /** `persist_client`: keep client connections open between requests (default off, Service.pm). */
  readonly persistClient: boolean;
  /** `persist_backend`: keep backend connections open for the next request (default off, Service.pm). */
  readonly persistBackend: boolean;
  /** `backend_persist_cache`: idle backend connections kept at most (default 2, Service.pm). */
  readonly backendPersistCache: number;
  /** `verify_backend`: send `OPTIONS *` first on a new backend connection (default off, Service.pm). */
  readonly verifyBackend: boolean;
  /** How long a successful verification of a backend ip:port counts (60 s, BackendHTTP.pm). */
  readonly verifyCacheMs: number;
  /**
   * `connect_ahead`: spare backend connections kept open in advance of clients (default 0,
   * Service.pm); a spare not known to be answering is not used once older than 5 s.
   */
  readonly connectAhead: number;
  /**
   * A client connection with no read or write for longer than this is closed by the idle
   * sweep every 5 s, so after 30–35 s (30 s, Service.pm `idle_timeout`; perlbalClock.ts).
   */
  readonly clientIdleTimeoutMs: number;
  /**
   * A connect older than this is given up (5 s, Service.pm `spawn_backends`), checked on the proxy's
   * whole-second clock: on the next tick for web nodes, when the next file for that host
   * comes for storage nodes (ReproxyManager.pm).
   */
  readonly connectTimeoutMs: number;
  /** Backend connects tried per client request before it gets a 503. A simulation bound, not Perlbal's. */
  readonly backendAttemptsMax: number;
  readonly reproxyMode: ReproxyMode;
  /**
   * An idle keep-alive reproxy connection idle longer than this is not reused but closed
   * when next looked at (5 s, ReproxyManager.pm judges `alive_time` lazily).
   */
  readonly reproxyIdleMs: number;
}

/** Input of `perlbalMachine`: `backends` and `random` are required, the rest default to {@link perlbalDefaults}. */
export type PerlbalInput = Partial<Omit<PerlbalSettings, 'backends' | 'random'>> & Pick<PerlbalSettings, 'backends' | 'random'>;

/** Defaults of every setting but `backends` and `random`. */
export const perlbalDefaults: Omit<PerlbalSettings, 'backends' | 'random'> = {
  port: 80,
  backlog: 128,
  persistClient: false,
  persistBackend: false,
  backendPersistCache: 2,
  verifyBackend: false,
  verifyCacheMs: 60_000,
  connectAhead: 0,
  clientIdleTimeoutMs: 30_000,
  connectTimeoutMs: 5_000,
  backendAttemptsMax: 3,
  reproxyMode: 'keepalive',
  reproxyIdleMs: 5_000,
};

/** Fills in defaults and checks every value; throws an error naming the bad setting. */
export function resolvePerlbalSettings(input: PerlbalInput): PerlbalSettings {
  const settings: PerlbalSettings = { ...perlbalDefaults, ...input };
  if (settings.backends.length === 0) throw new Error('perlbalMachine input.backends should list at least one {host, port}, got none');
  for (const backend of settings.backends) requireInteger('backends[].port', backend.port, 1, 65_535);
  if (settings.reproxyMode !== 'close' && settings.reproxyMode !== 'keepalive') {
    throw new Error(`perlbalMachine input.reproxyMode should be 'close' or 'keepalive', got ${JSON.stringify(settings.reproxyMode)}`);
  }
  requireInteger('port', settings.port, 1, 65_535);
  requireInteger('backlog', settings.backlog, 1, 65_535);
  requireInteger('backendPersistCache', settings.backendPersistCache, 0, 1_000_000);
  requireInteger('connectAhead', settings.connectAhead, 0, 1_000);
  requireInteger('backendAttemptsMax', settings.backendAttemptsMax, 1, 1_000);
  for (const name of ['verifyCacheMs', 'clientIdleTimeoutMs', 'connectTimeoutMs', 'reproxyIdleMs'] as const) {
    requireInteger(name, settings[name], 1, Number.MAX_SAFE_INTEGER);
  }
  return settings;
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`perlbalMachine input.${name} should be an integer from ${min} to ${max}, got ${value}`);
  }
}
