/**
 * Transfer speed, measured in the page from successive progress updates: the background reports
 * bytes, not rates. A moving average keeps the figure steady when updates arrive unevenly.
 */
export interface SpeedSample {
  bytes: number;
  at: number;
  /** null until two samples have been seen. */
  bytesPerSecond: number | null;
}

/** Weight of the newest measurement; lower is smoother but slower to follow a change. */
const SMOOTHING = 0.3;

export function nextSpeed(previous: SpeedSample | null, bytes: number, at: number): SpeedSample {
  if (!previous || bytes < previous.bytes) return { bytes, at, bytesPerSecond: null };
  const elapsedMs = at - previous.at;
  if (elapsedMs <= 0) return previous;
  const instant = ((bytes - previous.bytes) / elapsedMs) * 1000;
  const bytesPerSecond =
    previous.bytesPerSecond === null
      ? instant
      : previous.bytesPerSecond * (1 - SMOOTHING) + instant * SMOOTHING;
  return { bytes, at, bytesPerSecond };
}

/** Seconds left at the current speed, or null when it cannot be told. */
export function secondsLeft(sample: SpeedSample | null, bytesTotal: number | null): number | null {
  if (!sample || sample.bytesPerSecond === null || sample.bytesPerSecond <= 0 || bytesTotal === null)
    return null;
  return Math.max(0, bytesTotal - sample.bytes) / sample.bytesPerSecond;
}
