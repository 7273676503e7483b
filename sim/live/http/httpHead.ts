import { httpMethods, type HttpMethod, type HttpVersion } from '../../models/http/httpMessage.js';

/** A parsed start line and headers; `error` names what was wrong instead. */
export type ParsedHead =
  | { readonly ok: true; readonly startLine: readonly [string, string, string]; readonly headers: Record<string, string> }
  | { readonly ok: false; readonly reason: string; readonly detail: string };

/** RFC 7230 §3.2.6 `token`: what a method and a header name are made of. */
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values: visible ASCII, spaces and tabs, and obs-text (bytes 0x80–0xFF, read as latin1). */
const fieldValuePattern = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Splits a head (bytes before the blank line, read as latin1 so every byte maps to one
 * character) into its start line and headers. Header names are lower-cased; a repeated
 * header's values are joined with `, ` (RFC 7230 §3.2.2). Obsolete line folding, a space
 * before the colon, and control bytes are refused (RFC 7230 §3.2.4 lets a server reject
 * them; they are how request smuggling starts).
 */
export function parseHead(text: string, kind: 'request' | 'response', headerLinesMax: number): ParsedHead {
  const lines = text.split('\r\n');
  const first = lines[0] ?? '';
  // A status line's reason may hold spaces ("HTTP/1.1 404 Not Found") or be empty.
  const match = kind === 'request' ? /^([^ ]+) ([^ ]+) ([^ ]+)$/.exec(first) : /^([^ ]+) (\d{3})(?: (.*))?$/.exec(first);
  if (!match) return bad('badStartLine', first.slice(0, 80));
  return headersOf(lines, [match[1] as string, match[2] as string, match[3] ?? ''], headerLinesMax);
}

function headersOf(lines: string[], startLine: [string, string, string], headerLinesMax: number): ParsedHead {
  if (lines.length - 1 > headerLinesMax) return bad('tooManyHeaders', `${lines.length - 1} lines`);
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colonAt = line.indexOf(':');
    if (colonAt <= 0) return bad('badHeader', line.slice(0, 80));
    const name = line.slice(0, colonAt);
    const value = line.slice(colonAt + 1).trim();
    if (!tokenPattern.test(name) || !fieldValuePattern.test(value)) return bad('badHeader', line.slice(0, 80));
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return { ok: true, startLine, headers };
}

/** `HTTP/1.0` or `HTTP/1.1` as the model's version; null for anything else. */
export function versionOf(text: string): HttpVersion | null {
  if (text === 'HTTP/1.1') return '1.1';
  if (text === 'HTTP/1.0') return '1.0';
  return null;
}

export function isKnownMethod(method: string): method is HttpMethod {
  return (httpMethods as readonly string[]).includes(method);
}

export function isToken(text: string): boolean {
  return tokenPattern.test(text);
}

function bad(reason: string, detail: string): ParsedHead {
  return { ok: false, reason, detail };
}
