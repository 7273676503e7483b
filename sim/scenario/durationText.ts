const unitsMs = { ms: 1, s: 1_000, m: 60_000 } as const;

/**
 * A duration as users write it everywhere (faults, load shapes, thresholds, `--duration`):
 * a decimal number and a unit, `1500ms`, `30s`, `2.5m`. The unit is required: a bare `10`
 * could mean seconds or milliseconds. The pattern's source, for larger patterns to embed.
 */
export const durationPattern = '\\d+(?:\\.\\d+)?(?:ms|s|m)';

/** Milliseconds of a duration matching {@link durationPattern}, rounded; NaN for anything else. */
export function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  return match ? Math.round(Number(match[1]) * unitsMs[match[2] as keyof typeof unitsMs]) : NaN;
}
