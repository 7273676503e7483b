import { wallNowMs } from '../kernel/determinism.js';
import { join } from 'node:path';
import { caseOfToken } from '../check/grab/checkGrab.js';
import { grabCaseReport } from '../check/grab/grabReport.js';
import { findGrabModel } from '../check/grab/grabModels.js';
import { parseReplayToken } from '../check/grab/replayToken.js';
import { writeRunReport } from '../report/reportWriter.js';
import { formatSummary } from './printSummary.js';

/**
 * `sim replay <token>`: regenerates exactly the case a failed check printed, runs it once,
 * prints what happened and writes its report. Exit 1 when the case still breaks the
 * property (a counterexample should), 0 when it now holds (the bug was fixed).
 */
export async function replayCommand(tokenText: string, options: { readonly out?: string }): Promise<number> {
  const token = parseReplayToken(tokenText);
  const model = findGrabModel(token.model, token.mode);
  const started = wallNowMs();
  const testCase = caseOfToken(model, token);
  const result = grabCaseReport(model, token, testCase, Math.round(wallNowMs() - started));
  const dir = options.out ?? join('reports', 'replay', `${token.model}-${token.mode}-${token.seed}`);
  await writeRunReport(dir, result);
  process.stdout.write(`${formatSummary(result.summary, dir)}\n`);
  return result.summary.passed ? 0 : 1;
}
