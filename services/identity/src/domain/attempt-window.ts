/** Seconds until a window that opened at `windowStartMs` and lasts `windowSeconds` ends (at least 1). */
export function secondsUntilWindowEnds(windowStartMs: number, windowSeconds: number, nowMs: number): number {
  return Math.max(1, Math.ceil((windowStartMs + windowSeconds * 1000 - nowMs) / 1000));
}
