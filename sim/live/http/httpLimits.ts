/** Bounds of the live HTTP codec: what one connection may make the process hold. */
export interface HttpLimits {
  /**
   * Bytes of a request or response head (start line and headers) before its blank line:
   * 100 KiB, Perlbal's `MAX_HTTP_HEADER_LENGTH` (Perlbal/Socket.pm). Past it: 400 and close.
   */
  readonly headBytesMax: number;
  /** Header lines of one head; a flood of tiny headers costs per line, not per byte. */
  readonly headerLinesMax: number;
  /**
   * Bytes of one body, decoded. Bodies are held whole (the machines take a message at a
   * time), so this bounds memory per connection: 64 MiB, above any userpic or upload the
   * models serve.
   */
  readonly bodyBytesMax: number;
}

export const httpLimitDefaults: HttpLimits = {
  headBytesMax: 100 * 1024,
  headerLinesMax: 200,
  bodyBytesMax: 64 * 1024 * 1024,
};
