import { constants } from 'node:fs';
import { access, lstat, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';

/** What a command knows of its run before it starts, to tell whether a folder holds the same run. */
export type SameRun = (summary: Readonly<Record<string, unknown>>) => boolean;

export interface OpenRunFolderOptions {
  /** True when the user named the folder (--out): one holding something else is refused unless `force`. */
  readonly named: boolean;
  readonly force: boolean;
  readonly sameRun: SameRun;
}

/**
 * A run's folder while the run is written: files go into `workDir`, a fresh folder beside
 * the target, and `commit` renames it into place, so the target holds one whole run or
 * none, never files of two runs. A kill before `commit` leaves only the work folder, which
 * the next run into the same parent removes.
 */
export interface RunFolder {
  readonly dir: string;
  readonly workDir: string;
  commit(): Promise<void>;
  /** Removes the work folder: the run failed before its report was whole. */
  abandon(): Promise<void>;
}

/** Linux's NAME_MAX and PATH_MAX: a longer name fails only when the file is created. */
const nameBytesMax = 255;
const pathBytesMax = 4096;
/** A summary.json bigger than this is not one of ours. */
const summaryBytesMax = 16 * 1024 * 1024;
/** Work folders and old runs of a process: `.<name>.<pid>.run` and `.<name>.<pid>.old`. */
const workEntry = /^\..+\.(\d+)\.(run|old|tmp)$/;

/**
 * Checks `dir` and prepares its work folder before any simulation runs: a bad `--out` (empty,
 * a name too long, a file, a special file, a folder holding another run, a parent that is
 * not writable) is a UsageError now rather than after minutes of work. Every check is a
 * bounded number of single syscalls (no recursive mkdir, which spins on some /proc paths in
 * Node 20), and creating the work folder proves the parent writable.
 */
export async function openRunFolder(dir: string, options: OpenRunFolderOptions): Promise<RunFolder> {
  checkPathText(dir);
  const target = resolve(dir);
  await checkExisting(dir, target, options);
  const parent = dirname(target);
  await makeParents(dir, parent);
  await removeStaleWork(parent);
  const workDir = join(parent, `.${basename(target)}.${process.pid}.run`);
  await rm(workDir, { recursive: true, force: true });
  try {
    await mkdir(workDir);
  } catch (error) {
    throw new UsageError(`--out ${quoteInput(dir)}: cannot create a folder in ${quoteInput(parent)} (${codeOf(error)})`);
  }
  return { dir, workDir, commit: () => swapIn(workDir, target), abandon: () => rm(workDir, { recursive: true, force: true }) };
}

function checkPathText(dir: string): void {
  const problem =
    dir === '' ? 'is empty'
    : dir.includes('\0') ? 'holds a NUL byte'
    : Buffer.byteLength(dir) > pathBytesMax ? `is longer than ${pathBytesMax} bytes`
    : dir.split(sep).some((part) => Buffer.byteLength(part) > nameBytesMax) ? `has a name longer than ${nameBytesMax} bytes`
    : null;
  if (problem) throw new UsageError(`--out ${quoteInput(dir)} ${problem}`);
}

async function checkExisting(dir: string, target: string, options: OpenRunFolderOptions): Promise<void> {
  const info = await lstat(target).catch(() => null);
  if (info === null) return;
  if (!info.isDirectory()) throw new UsageError(`--out ${quoteInput(dir)} exists and is not a folder`);
  if (!options.named || options.force) return;
  const entries = await readdir(target);
  if (entries.length === 0) return;
  const summary = entries.includes('summary.json') ? await readSummary(join(target, 'summary.json')) : null;
  if (summary !== null && options.sameRun(summary)) return;
  const what = summary === null ? 'files that are not a run of sim' : 'a different run';
  throw new UsageError(`--out ${quoteInput(dir)} holds ${what}; pick another folder, or add --force to replace it`);
}

async function readSummary(path: string): Promise<Record<string, unknown> | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const { size } = await handle.stat();
    if (size > summaryBytesMax) return null;
    const parsed: unknown = JSON.parse(await handle.readFile('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/** Creates the missing folders above the target one at a time, from the nearest existing one. */
async function makeParents(dir: string, parent: string): Promise<void> {
  const missing: string[] = [];
  let at = parent;
  while (!(await stat(at).catch(() => null))) {
    missing.unshift(at);
    if (dirname(at) === at) break;
    at = dirname(at);
  }
  const existing = await stat(at).catch(() => null);
  if (!existing?.isDirectory()) throw new UsageError(`--out ${quoteInput(dir)}: ${quoteInput(at)} is not a folder`);
  try {
    await access(at, constants.W_OK | constants.X_OK);
    for (const folder of missing) await mkdir(folder);
  } catch (error) {
    throw new UsageError(`--out ${quoteInput(dir)}: cannot create folders in ${quoteInput(at)} (${codeOf(error)})`);
  }
}

/** Removes work folders and old runs left in `parent` by processes that no longer run (killed mid-write). */
async function removeStaleWork(parent: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  for (const entry of entries) {
    const pid = Number(workEntry.exec(entry)?.[1] ?? NaN);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) await rm(join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

/**
 * Puts the work folder in the target's place: the old run is renamed aside, the new one
 * renamed in, the old one removed. Between the two renames the target is absent, never
 * mixed; a kill there leaves `.<name>.<pid>.old` for the next run to remove.
 */
async function swapIn(workDir: string, target: string): Promise<void> {
  const old = join(dirname(target), `.${basename(target)}.${process.pid}.old`);
  await rm(old, { recursive: true, force: true });
  const hadOld = await rename(target, old).then(() => true, (error: unknown) => {
    if (codeOf(error) === 'ENOENT') return false;
    throw error;
  });
  await rename(workDir, target);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? String(error);
}
