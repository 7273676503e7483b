import { wallNowMs } from '../kernel/determinism.js';
import { join } from 'node:path';
import { caseOfToken } from '../check/grab/checkGrab.js';
import { grabCaseReport } from '../check/grab/grabReport.js';
import type { GrabModel } from '../check/grab/grabModel.js';
import { findGrabModel } from '../check/grab/grabModels.js';
import { formatReplayToken, parseReplayToken, type ReplayToken } from '../check/grab/replayToken.js';
import { openRunFolder } from './runFolder.js';
import { writeRunReport } from '../report/reportWriter.js';
import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';
import { formatSummary } from './printSummary.js';

/**
 * `sim replay <token>`: regenerates exactly the case a failed check printed, runs it once,
 * prints what happened and writes its report. Exit 1 when the case still breaks the
 * property (a counterexample should), 0 when it now holds (the bug was fixed).
 */
export async function replayCommand(tokenText: string, options: { readonly out?: string; readonly force?: boolean }): Promise<number> {
  const token = parseReplayToken(tokenText);
  const model = findGrabModel(token.model, token.mode);
  const dir = options.out ?? join('reports', 'replay', `${token.model}-${token.mode}-${token.seed}`);
  const folder = await openRunFolder(dir, {
    named: options.out !== undefined, force: options.force ?? false,
    sameRun: (summary) => typeof summary.replay === 'string' && summary.replay.endsWith(formatReplayToken(token)),
  });
  try {
    const started = wallNowMs();
    const testCase = regenerate(model, token, tokenText);
    const result = grabCaseReport(model, token, testCase, Math.round(wallNowMs() - started));
    await writeRunReport(folder.workDir, result);
    await folder.commit();
    process.stdout.write(`${formatSummary(result.summary, dir)}\n`);
    return result.summary.passed ? 0 : 1;
  } catch (error) {
    await folder.abandon();
    throw error;
  }
}

/** The case, or a UsageError when the token's path leads nowhere in its seed's cases (a mistyped token). */
function regenerate<T>(model: GrabModel<T>, token: ReplayToken, tokenText: string): T {
  try {
    return caseOfToken(model, token);
  } catch {
    throw new UsageError(`replay token ${quoteInput(tokenText)} names no case: seed ${token.seed} has no shrink path ${quoteInput(token.path)}; copy the token as \`sim check grab\` printed it`);
  }
}
