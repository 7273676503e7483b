import { existsSync, statSync } from 'node:fs';
import { startLiveMogstored } from '../live/http/liveMogstored.js';
import { startLivePerlbal } from '../live/http/livePerlbal.js';
import { startLiveUserpicApp } from '../live/http/liveUserpicApp.js';
import { startLiveStack } from '../live/http/liveStack.js';
import type { ReproxyMode } from '../models/perlbal/proxy.js';
import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';
import type { StopSignal } from './liveJobHubCommand.js';
import { parseChoiceOption, parseIntegerOption } from './parseOptions.js';
import { parseTargetOption } from './parseTarget.js';
import { parseListenOption, serveLive } from './serveLive.js';

export interface LiveMogstoredCommandOptions {
  readonly listen: string;
  readonly root: string;
  readonly files: string;
  readonly device: string;
}

/** `sim live mogstored`: the storage node machine serving the files under --root. */
export function liveMogstoredCommand(options: LiveMogstoredCommandOptions, stopSignal?: StopSignal): Promise<number> {
  const address = parseListenOption(options.listen);
  if (!existsSync(options.root) || !statSync(options.root).isDirectory()) throw new UsageError(`--root expects an existing directory, got ${quoteInput(options.root)}`);
  const files = parseIntegerOption('--files', options.files, 0, 10_000_000);
  const device = parseIntegerOption('--device', options.device, 1, 1_000_000);
  return serveLive('mogstored', address, (onFailure) => startLiveMogstored({ ...address, root: options.root, files, device, onFailure }), stopSignal);
}

export interface LiveAppCommandOptions {
  readonly listen: string;
  readonly storage: string;
  readonly replicas?: string;
}

/** `sim live app`: the userpic web app, answering `/userpic/<n>` with `X-REPROXY-URL`. */
export function liveAppCommand(options: LiveAppCommandOptions, stopSignal?: StopSignal): Promise<number> {
  const address = parseListenOption(options.listen);
  const storage = parseTargets('--storage', options.storage).map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`);
  const replicas = parseIntegerOption('--replicas', options.replicas ?? String(Math.min(2, storage.length)), 1, storage.length);
  return serveLive('app', address, (onFailure) => startLiveUserpicApp({ ...address, storage, replicas, onFailure }), stopSignal);
}

export interface LivePerlbalCommandOptions {
  readonly listen: string;
  readonly pool: string;
  readonly reproxy: string;
  readonly persistClient?: boolean;
  readonly persistBackend?: boolean;
  readonly verifyBackend?: boolean;
  readonly seed: string;
}

/** `sim live perlbal`: our Perlbal machine as a reverse proxy in front of --pool. */
export function livePerlbalCommand(options: LivePerlbalCommandOptions, stopSignal?: StopSignal): Promise<number> {
  const address = parseListenOption(options.listen);
  const pool = parseTargets('--pool', options.pool);
  const reproxyMode = parseChoiceOption<ReproxyMode>('--reproxy', options.reproxy, ['close', 'keepalive']);
  const seed = parseIntegerOption('--seed', options.seed, 0, 2 ** 31 - 1);
  const settings = { persistClient: options.persistClient ?? false, persistBackend: options.persistBackend ?? false, verifyBackend: options.verifyBackend ?? false };
  return serveLive('perlbal', address, (onFailure) => startLivePerlbal({ ...address, pool, reproxyMode, seed, ...settings, onFailure }), stopSignal);
}

export interface LiveStackCommandOptions {
  readonly listen: string;
  readonly nodes: string;
  readonly files: string;
  readonly root?: string;
  readonly reproxy: string;
  readonly persistClient?: boolean;
  readonly persistBackend?: boolean;
}

/**
 * `sim live stack`: storage nodes, the userpic app and our Perlbal in one process. Prints
 * `listening on HOST:PORT` for the proxy; the nodes' and the app's addresses go to stderr.
 */
export function liveStackCommand(options: LiveStackCommandOptions, stopSignal?: StopSignal): Promise<number> {
  const address = parseListenOption(options.listen);
  const nodes = parseIntegerOption('--nodes', options.nodes, 1, 64);
  const files = parseIntegerOption('--files', options.files, 0, 10_000_000);
  if (options.root !== undefined && (!existsSync(options.root) || !statSync(options.root).isDirectory())) {
    throw new UsageError(`--root expects an existing directory, got ${quoteInput(options.root)}`);
  }
  const reproxyMode = parseChoiceOption<ReproxyMode>('--reproxy', options.reproxy, ['close', 'keepalive']);
  const perlbal = { reproxyMode, persistClient: options.persistClient ?? false, persistBackend: options.persistBackend ?? false };
  return serveLive('stack', address, async (onFailure) => {
    const stack = await startLiveStack({ ...address, nodes, files, perlbal, onFailure, ...(options.root === undefined ? {} : { root: options.root }) });
    const nodeList = stack.storage.map((node) => `${node.host}:${node.port}`).join(',');
    process.stderr.write(`sim live stack: storage ${nodeList} (files in ${stack.root}), app ${stack.app.host}:${stack.app.port}\n`);
    return { ...stack.perlbal, stop: stack.stop };
  }, stopSignal);
}

/** A comma-separated list of HOST:PORT, at least one. */
function parseTargets(name: string, raw: string): { host: string; port: number }[] {
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) throw new UsageError(`${name} expects HOST:PORT[,HOST:PORT…], got ${quoteInput(raw)}`);
  return parts.map((part) => parseTargetOption(name, part));
}
