/**
 * The mogstored side channel on port 7501 (mogstored's `mgmtlisten`, lib/Mogstored/SideChannelClient.pm: `size /devN/...`), as structured
 * messages. Trackers ask it a file's size without an HTTP exchange.
 */
export interface SizeRequest {
  readonly kind: 'sizeRequest';
  readonly path: string;
}

/** `sizeBytes` is -1 when the node holds no file at `path`, as mogstored answers. */
export interface SizeReply {
  readonly kind: 'sizeReply';
  readonly path: string;
  readonly sizeBytes: number;
}

export function isSizeRequest(message: unknown): message is SizeRequest {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'sizeRequest';
}
