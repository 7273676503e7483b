import { connect } from 'node:net';

/** Writes `bytes` on a new connection and collects everything the server sends until it closes (or `timeoutMs`). */
export function rawExchange(port: number, bytes: Buffer | string, timeoutMs = 5_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => (socket.destroy(), resolve({ text: Buffer.concat(chunks).toString('latin1'), closed: false })), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => (clearTimeout(timer), resolve({ text: Buffer.concat(chunks).toString('latin1'), closed: true })));
    socket.write(bytes);
  });
}
