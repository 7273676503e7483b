import { storageNodeMachine } from '../../models/mogilefs/storageNode.js';
import { diskFileStore, scanFiles } from './diskFileStore.js';
import { startLiveHttp, type LiveHttpAddress, type LiveHttpProcess } from './liveHttpProcess.js';
import { seedUserpics } from './userpicBytes.js';

export interface LiveMogstoredOptions extends LiveHttpAddress {
  /** Directory of the files: `<root>/dev<N>/<fid>.fid`. */
  readonly root: string;
  /** Userpics 0..files-1 to create on `device` first (0: none). */
  readonly files: number;
  readonly device: number;
}

/**
 * The storage node machine (`storageNodeMachine`, the simulator's mogstored) on a real
 * port, its file table read from `root` and the bytes kept there: GET, HEAD, PUT and DELETE
 * of `/dev<N>/<fid>.fid`, HTTP/1.0 and 1.1 with keep-alive. No side channel: nothing
 * live asks it for sizes.
 */
export async function startLiveMogstored(options: LiveMogstoredOptions): Promise<LiveHttpProcess> {
  const store = diskFileStore(options.root);
  if (options.files > 0) seedUserpics(options.root, store, options.device, options.files);
  const input = { files: scanFiles(options.root), store, httpPort: options.port === 0 ? 7500 : options.port, sidePort: 0 };
  return startLiveHttp(storageNodeMachine, input, options);
}
