/**
 * An empty array whose elements are already of V8's object kind (PACKED_ELEMENTS).
 *
 * An empty literal `[]` starts with small-integer elements (PACKED_SMI_ELEMENTS) and changes
 * kind, and map, at its first push of an object. A queue or list made afresh for every run
 * of a sweep worker therefore shows optimized code a map it was not compiled for at its
 * first push of each run, and V8 throws the code away ("wrong map", "not a Smi" in
 * `--trace-deopt`) and compiles it again: measured in docs/sweeps.md. Slicing an array that
 * holds an object gives an empty array of the object kind, so every array of records starts
 * in the kind it keeps. It behaves as `[]` in every other way.
 */
const objectKindTemplate: readonly unknown[] = [Object.prototype];

export function objectArray<T>(): T[] {
  return objectKindTemplate.slice(0, 0) as T[];
}
