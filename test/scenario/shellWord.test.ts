import { describe, expect, it } from 'vitest';
import { shellWord } from '../../sim/scenario/shellWord.js';

describe('shellWord quotes a word only where a shell needs it', () => {
  it('leaves plain words, = and commas alone', () => {
    expect(shellWord('kill=1,2')).toBe('kill=1,2');
    expect(shellWord('portRange=32768-33767')).toBe('portRange=32768-33767');
  });

  it('single-quotes a pipe, a space or an empty word', () => {
    expect(shellWord('partition=1,3,mgm|2,4')).toBe("'partition=1,3,mgm|2,4'");
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord('')).toBe("''");
  });

  it("closes and reopens the quotes around a single quote", () => {
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});
