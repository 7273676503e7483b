/**
 * Tracker protocol on port 7001 (MogileFS-Server lib/MogileFS/Worker/Query.pm) as structured messages: the real tracker
 * speaks URL-encoded lines; here a request names its command and carries typed arguments.
 */
export type TrackerRequest =
  | {
      readonly kind: 'trackerRequest';
      readonly command: 'get_paths';
      /**
       * `noverify` skips the size check of the first path on the side channel, as the real
       * tracker's argument does (MogileFS-Server lib/MogileFS/Worker/Query.pm, cmd_get_paths).
       */
      readonly args: { readonly key: string; readonly noverify?: boolean };
    }
  | { readonly kind: 'trackerRequest'; readonly command: 'create_open'; readonly args: { readonly key: string; readonly sizeBytes: number } }
  | {
      readonly kind: 'trackerRequest';
      readonly command: 'create_close';
      readonly args: { readonly fid: number; readonly device: number; readonly sizeBytes: number };
    }
  | { readonly kind: 'trackerRequest'; readonly command: 'delete'; readonly args: { readonly key: string } };

export type TrackerCommand = TrackerRequest['command'];

/** Errors as the tracker names them (`ERR unknown_key` …). */
export type TrackerError = 'unknown_key' | 'unknown_fid' | 'no_devices' | 'unknown_command';

export type TrackerReply =
  | { readonly kind: 'trackerReply'; readonly ok: true; readonly command: 'get_paths'; readonly paths: readonly string[] }
  | { readonly kind: 'trackerReply'; readonly ok: true; readonly command: 'create_open'; readonly fid: number; readonly device: number; readonly path: string }
  | { readonly kind: 'trackerReply'; readonly ok: true; readonly command: 'create_close' | 'delete' }
  | { readonly kind: 'trackerReply'; readonly ok: false; readonly command: string; readonly error: TrackerError };

const commands: readonly string[] = ['get_paths', 'create_open', 'create_close', 'delete'];

export function isTrackerRequest(message: unknown): message is TrackerRequest {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'trackerRequest';
}

export function isKnownCommand(request: { readonly command: string }): boolean {
  return commands.includes(request.command);
}
