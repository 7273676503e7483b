/** Characters a POSIX shell (bash, sh, zsh) takes literally in an unquoted word. */
const plainWord = /^[\w@%+=:,./-]+$/;

/**
 * One word as a POSIX shell must see it: left as it is when every character is literal to
 * the shell, otherwise in single quotes (a quote inside becomes `'\''`). So
 * `partition=1,3,mgm|2,4` prints as `'partition=1,3,mgm|2,4'`, as the README writes it,
 * where a backslash-escaping quoter would print `partition=1,3,mgm\|2,4`.
 */
export function shellWord(word: string): string {
  if (plainWord.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
