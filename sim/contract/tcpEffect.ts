/**
 * What a process's machine asks the network to do, emitted with xstate's `emit()` and
 * carried out by the host adapter (simulated here, real sockets in sim/live).
 */
export type TcpEffect =
  | { readonly type: 'tcp.listen'; readonly port: number; readonly backlog: number }
  /** Stops delivering new connections; they wait in the backlog, and SYNs past it are dropped. */
  | { readonly type: 'tcp.pauseAccept'; readonly port: number }
  | { readonly type: 'tcp.resumeAccept'; readonly port: number }
  /**
   * Opens a connection. `host` is a host name or dotted address; `tag` comes back in
   * `tcp.connected` / `tcp.connectFailed`. `bindFirst` calls bind(0) before connect(),
   * which reserves the port for every destination (DOMAIN.md §6).
   */
  | { readonly type: 'tcp.connect'; readonly host: string; readonly port: number; readonly tag: number; readonly bindFirst?: boolean }
  | { readonly type: 'tcp.send'; readonly connId: number; readonly message: unknown }
  /** close(): FIN after any queued messages; this side goes to TIME_WAIT if it closed first. */
  | { readonly type: 'tcp.close'; readonly connId: number }
  /** shutdown(SHUT_WR): FIN, but keep receiving. */
  | { readonly type: 'tcp.shutdown'; readonly connId: number }
  /** close() with SO_LINGER {on, 0}: RST, no TIME_WAIT. */
  | { readonly type: 'tcp.reset'; readonly connId: number }
  /**
   * The process exits: the OS drops every connect it still has in flight (SYN_SENT sockets
   * go without a word to the peer), so none of them completes for a later incarnation.
   * Its open connections it closes itself, with `tcp.close`, in the order it chooses.
   */
  | { readonly type: 'tcp.abandonConnects' };

export function isTcpEffect(effect: { readonly type: string }): effect is TcpEffect {
  return effect.type.startsWith('tcp.');
}
