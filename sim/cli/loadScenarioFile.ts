import { readFile, stat } from 'node:fs/promises';
import { parseScenarioFile, type LoadedScenarioFile } from '../scenario/scenarioFile.js';
import { UsageError } from '../scenario/usageError.js';

/** A scenario file is a page of text: anything larger is not one. */
const fileBytesMax = 256 * 1024;

/** Reads and validates a scenario file; a missing, unreadable, oversized or invalid one is a UsageError. */
export async function loadScenarioFile(path: string): Promise<LoadedScenarioFile> {
  let sizeBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`${path}: not a regular file (a scenario file is YAML or JSON)`);
    sizeBytes = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path}: no such scenario file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); a scenario is a name from \`sim list\` or a .yaml/.json file`);
  }
  if (sizeBytes > fileBytesMax) throw new UsageError(`${path}: ${sizeBytes} bytes; a scenario file may have at most ${fileBytesMax}`);
  return parseScenarioFile(path, await readFile(path, 'utf8'));
}
