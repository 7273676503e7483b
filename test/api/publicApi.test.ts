import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const indexPath = new URL('../../sim/index.ts', import.meta.url).pathname;

/** Every name sim/index.ts exports, with the documentation comment of its declaration. */
function publicExports(): { name: string; documented: boolean }[] {
  const program = ts.createProgram([indexPath], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(indexPath)!;
  const module = checker.getSymbolAtLocation(source)!;
  return checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const documented = target.getDocumentationComment(checker).some((part) => part.text.trim().length > 0);
    return { name: symbol.getName(), documented };
  });
}

describe('the public API (sim/index.ts)', () => {
  it('documents every export where it is declared', () => {
    const exports = publicExports();
    expect(exports.length).toBeGreaterThan(30);
    expect(exports.filter((entry) => !entry.documented).map((entry) => entry.name)).toEqual([]);
  });
});
