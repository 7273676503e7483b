/**
 * A fenced code block. The fence is one backtick longer than any backtick run in the
 * text, so a trace event that happens to contain ``` cannot close the block early.
 */
export function markdownCodeBlock(text: string, language = ''): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}
