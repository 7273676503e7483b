import { startStorageNode, startWebApp, type StorageConnectionPolicy } from './standInBackends.js';

/**
 * Entry point of the stand-in backends as one child process (the reproduction starts it
 * inside its network namespace): `standInMain.ts <close|keepalive> <appPort> <storagePort>…`
 * on 127.0.0.1. Prints `listening on` once every server is up; exits on SIGTERM.
 */
async function main(argv: readonly string[]): Promise<void> {
  const [policy, appPort, ...storagePorts] = argv;
  const host = '127.0.0.1';
  for (const port of storagePorts) await startStorageNode(host, Number(port), policy as StorageConnectionPolicy);
  await startWebApp(host, Number(appPort), storagePorts.map((port) => `http://${host}:${port}`));
  process.stdout.write(`listening on ${host}:${appPort}\n`);
}

process.on('SIGTERM', () => process.exit(0));
main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`stand-in backends: ${String(error)}\n`);
  process.exit(1);
});
