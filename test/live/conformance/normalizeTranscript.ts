import type { Transcript } from './runProgram.js';

/**
 * Makes two servers' transcripts comparable where they may differ by design:
 * - job handles (`H:<host>:<n>`) become `H#1`, `H#2` … in order of first appearance;
 * - `workers` lines start with a file descriptor on gearmand and a connection id on ours: `FD`;
 * - `status` and `prioritystatus` list functions in gearmand's hash order and in creation
 *   order on ours: the lines of one reply are sorted.
 */
export function normalizeTranscript(transcript: Transcript): Transcript {
  const handles = new Map<string, string>();
  const lines = transcript.map((line) =>
    line
      .replace(/H:[^\s"\\:]+:\d+/g, (handle) => {
        let name = handles.get(handle);
        if (name === undefined) {
          name = `H#${handles.size + 1}`;
          handles.set(handle, name);
        }
        return name;
      })
      .replace(/^(\S+ admin line ")\d+ /, '$1FD '),
  );
  return sortTableReplies(lines);
}

/** Sorts each run of admin tab-separated lines (a `status` or `prioritystatus` table) within one step. */
function sortTableReplies(lines: string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  for (const line of lines) {
    const isTableRow = / admin line ".*\\t/.test(line);
    if (isTableRow && (run.length === 0 || stepOf(run[0] as string) === stepOf(line))) run.push(line);
    else {
      flush();
      if (isTableRow) run.push(line);
      else out.push(line);
    }
  }
  flush();
  return out;
}

function stepOf(line: string): string {
  return line.slice(0, line.indexOf(' '));
}
