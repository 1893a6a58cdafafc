/** The fixed rate-limit window that `nowMs` falls in, and the seconds until it ends (at least 1). */
export function fixedWindow(nowMs: number, windowSeconds: number): { windowStart: number; retryAfterSeconds: number } {
  const windowMs = windowSeconds * 1000;
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  return { windowStart, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - nowMs) / 1000)) };
}
