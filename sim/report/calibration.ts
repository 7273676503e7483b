/** One figure the simulator predicted and the real kernel measured, and how far apart they are. */
export interface CalibrationFigure {
  readonly predicted: number | null;
  readonly measured: number | null;
  /**
   * |measured − predicted| / predicted in percent, 0 when both are absent or both 0 (they
   * agree: e.g. no onset on either side), null when only one side has a value. A figure
   * judged against a resource (the TIME_WAIT peak against the port range) gives the
   * difference in percent of that resource instead: see {@link CalibrationFigure.scale}.
   */
  readonly errorPercent: number | null;
  /** What errorPercent is a percentage of, when not of the prediction: `{ label, value }`. */
  readonly scale?: { readonly label: string; readonly value: number };
}

/** The figures a port-exhaustion calibration compares. */
export interface CalibrationFigures {
  /** First EADDRNOTAVAIL on the proxy, ms from the first request (measured: the due time of the first request that failed other than by timeout). */
  readonly onsetMs: CalibrationFigure;
  /** Failed (or dropped) requests over all requests. */
  readonly failureShare: CalibrationFigure;
  /** Most sockets in TIME_WAIT on the proxy towards storage at once: the (port, destination) pairs that run out. */
  readonly timeWaitPeak: CalibrationFigure;
  /** Successful requests per second over the last third of the run. */
  readonly steadySuccessPerSec: CalibrationFigure;
}

/** The per-second series the report charts, predicted and measured side by side. */
export interface CalibrationSeries {
  readonly tSec: readonly number[];
  readonly series: Readonly<Record<string, readonly (number | null)[]>>;
}

/** `calibration.json`: a live reproduction and a simulation of the same incident, compared. */
export interface Calibration {
  readonly scenario: string;
  readonly title: string;
  /** The settings both sides ran with. */
  readonly settings: Readonly<Record<string, string | number>>;
  /** What the live side ran on (kernel, proxy, backends). */
  readonly environment: Readonly<Record<string, string | number>>;
  readonly figures: CalibrationFigures;
  /** The agreement asked for: every figure within this many percent. */
  readonly tolerancePercent: number;
  /** Figures outside the tolerance, by name; empty when the calibration agrees. */
  readonly disagreements: readonly string[];
  readonly series: CalibrationSeries;
  /** The simulator's run: trace hash and seed, so the prediction can be replayed. */
  readonly simulation: Readonly<Record<string, string | number>>;
  readonly findings: readonly string[];
}

/**
 * Compares one figure; see {@link CalibrationFigure.errorPercent}. With `scale`, the
 * difference counts in percent of that resource: a keep-alive run predicts 0 sockets in
 * TIME_WAIT towards storage and the real kernel shows 20 of 1 000 ports (scheduling jitter
 * overlaps two requests now and then, and the extra connection idles out), which is 2 % of
 * what could run out, not an infinite error (docs/calibration.md).
 */
export function calibrationFigure(predicted: number | null, measured: number | null, scale?: CalibrationFigure['scale']): CalibrationFigure {
  if (scale && predicted !== null && measured !== null) {
    return { predicted, measured, errorPercent: Math.round((10_000 * Math.abs(measured - predicted)) / scale.value) / 100, scale };
  }
  if (predicted === null || measured === null) return { predicted, measured, errorPercent: predicted === measured ? 0 : null };
  if (predicted === 0) return { predicted, measured, errorPercent: measured === 0 ? 0 : null };
  return { predicted, measured, errorPercent: Math.round((10_000 * Math.abs(measured - predicted)) / Math.abs(predicted)) / 100 };
}

/** The names of the figures whose error is unknown or above `tolerancePercent`. */
export function disagreementsOf(figures: CalibrationFigures, tolerancePercent: number): string[] {
  return Object.entries(figures)
    .filter(([, figure]) => figure.errorPercent === null || figure.errorPercent > tolerancePercent)
    .map(([name]) => name);
}
