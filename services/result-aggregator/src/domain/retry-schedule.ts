/**
 * Waits between attempts: exponential from `baseMs`, capped at `maxMs`; one fewer than attempts.
 * @example backoffDelays(3, 500) // [500, 1000]
 */
export function backoffDelays(attempts: number, baseMs: number, maxMs = 10_000): number[] {
  return Array.from({ length: Math.max(0, attempts - 1) }, (_, i) => Math.min(maxMs, baseMs * 2 ** i));
}
