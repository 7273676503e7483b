/** Characters of a user's input an error message repeats; the rest is counted, not echoed. */
const quotedCharsMax = 60;

/**
 * A user's input as an error message shows it: JSON-quoted (so spaces and control characters
 * are visible) and cut to its first {@link quotedCharsMax} characters, so a 100 KB value does
 * not come back as a 100 KB message.
 */
export function quoteInput(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : String(JSON.stringify(raw));
  if (text.length <= quotedCharsMax) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, quotedCharsMax))}… (${text.length} characters)`;
}
