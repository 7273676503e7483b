import { connect, type Socket } from 'node:net';

/** Opens a TCP connection to host:port; rejects with the connect error. */
export function openSocket(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Resolves once `bytes` have been written and `reply` holds for what came back, or rejects after `timeoutMs`. */
export function exchange(socket: Socket, bytes: Buffer, reply: (received: Buffer) => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`no reply within ${timeoutMs} ms (${received.length} bytes received)`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (reply(received)) finish(null);
    };
    const onClose = () => finish(new Error(`connection closed before the reply (${received.length} bytes received)`));
    function finish(error: Error | null): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve();
    }
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(bytes);
  });
}
