import type { Transcript } from './runProgram.js';

/**
 * Makes two servers' transcripts comparable where they may differ by design:
 * - job handles (`H:<host>:<n>`) become `H#1`, `H#2` … in order of first appearance;
 * - `workers` lines start with a file descriptor on gearmand and a connection id on ours: `FD`;
 * - `version` says `OK 1.1.20+ds` on Debian's gearmand and `OK 1.1.20` on ours: `OK VERSION`;
 * - gearmand turns a WORK_EXCEPTION into WORK_FAIL for a client without the `exceptions`
 *   option with the handle's NUL terminator left in the packet (`H:vm:1\0`); ours sends the
 *   handle alone, which is what Perl's Gearman::Client matches its task by. The NUL is dropped;
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
      .replace(/^(\S+ admin line ")\d+ /, '$1FD ')
      .replace(/^(\S+ \S+ WORK_FAIL \["[^"]*)\\u0000"\]$/, '$1"]')
      .replace(/^(\S+ admin line "OK )\d+\.\d+\.\d+[^"]*"/, '$1VERSION"'),
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
