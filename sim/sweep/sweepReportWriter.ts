import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { machineShape } from '../contract/machineShape.js';
import { machineCatalog } from '../models/machineCatalog.js';
import { writeFileAtomic } from '../report/writeFileAtomic.js';
import { analyzeSweep, type SweepAnalysis } from './sweepAnalysis.js';
import type { SweepFile } from './sweepFile.js';
import { renderSweepHtml, renderSweepMarkdown } from './sweepReport.js';

/** Judges `file` against the catalog's machines and writes sweep.json, report.md and report.html into `dir`. */
export async function writeSweepReport(dir: string, file: SweepFile): Promise<SweepAnalysis> {
  const analysis = analyzeSweep(file, machineCatalog.map((entry) => machineShape(entry.machine)));
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, 'sweep.json'), `${JSON.stringify(file, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'report.md'), renderSweepMarkdown(file, analysis));
  await writeFileAtomic(join(dir, 'report.html'), renderSweepHtml(file, analysis));
  return analysis;
}
