/** How a caller decides where a reference points, relative to the file that holds it. */
export interface ReferenceResolver {
  /** True when the relative path `ref` (starting with `../`) ends outside the checkout. */
  leavesCheckout(ref: string): boolean;
  /** True when the cited document exists in the checkout. */
  resolves(ref: string): boolean;
}

/**
 * The references in a text that do not resolve: a relative path that climbs out of the
 * checkout, an absolute `/work/…` path, a path through a `shared/` folder, and a cited
 * document — an upper-case name like `DOMAIN.md` or `SEED.txt`, or a path under `docs/` —
 * that is not in the checkout.
 */
export function danglingReferences(text: string, resolver: ReferenceResolver): string[] {
  const outside = [...text.matchAll(/(?:\.\.\/)+[\w.-]+(?:\/[\w.-]+)*|\/work\/[\w./-]+/g)]
    .map((m) => m[0])
    .filter((ref) => ref.startsWith('/work/') || /(^|\/)shared\//.test(ref) || resolver.leavesCheckout(ref));
  const cited = [...text.matchAll(/(?<![\w./-])(docs\/[\w.-]+\.md|[A-Z][A-Z0-9_]+\.(?:md|txt))/g)]
    .map((m) => m[1] ?? '')
    .filter((ref) => !resolver.resolves(ref));
  return [...outside, ...cited];
}
