/**
 * Limits for one vendor scope. Buckets are shaped so that no window of `windowMs` ever admits
 * more than the limit: capacity B (burst) and refill (limit − B) / window, hence at most
 * B + (limit − B) = limit in any window, as long as a single call's tokens fit in the token burst.
 */
export interface RateLimitConfig {
  /** Requests per window (RPM with the default one-minute window). */
  requestsPerWindow: number;
  /** Tokens per window (TPM); 0 or absent disables the token bucket. */
  tokensPerWindow?: number;
  windowMs?: number;
  /** Requests that may go out back to back; the default 1 paces calls evenly. */
  requestBurst?: number;
  /** Tokens that may go out at once; must hold the largest single call. Default: a fifth of the limit. */
  tokenBurst?: number;
  /** Minimum time between two calls, across all processes. */
  minGapMs?: number;
  /** `acquire` gives up (RateLimitError) rather than wait longer than this. */
  maxWaitMs?: number;
}

export interface BucketShape {
  requestLimit: number;
  requestBurst: number;
  tokenLimit: number;
  tokenBurst: number;
  windowMs: number;
  minGapMs: number;
  maxWaitMs: number;
}

/**
 * Validate a config and fill in defaults.
 * @example shapeBuckets({ requestsPerWindow: 50, tokensPerWindow: 40_000 })
 */
export function shapeBuckets(config: RateLimitConfig): BucketShape {
  const requestLimit = config.requestsPerWindow;
  const tokenLimit = config.tokensPerWindow ?? 0;
  const requestBurst = config.requestBurst ?? 1;
  const tokenBurst = config.tokenBurst ?? Math.ceil(tokenLimit / 5);
  const shape: BucketShape = {
    requestLimit,
    requestBurst,
    tokenLimit,
    tokenBurst: tokenLimit > 0 ? tokenBurst : 0,
    windowMs: config.windowMs ?? 60_000,
    minGapMs: config.minGapMs ?? 0,
    maxWaitMs: config.maxWaitMs ?? 300_000,
  };
  if (!(requestLimit >= 2)) throw new RangeError("requestsPerWindow must be at least 2");
  if (!(requestBurst >= 1 && requestBurst < requestLimit)) {
    throw new RangeError("requestBurst must be at least 1 and below requestsPerWindow");
  }
  if (tokenLimit < 0) throw new RangeError("tokensPerWindow must not be negative");
  if (tokenLimit > 0 && !(shape.tokenBurst > 0 && shape.tokenBurst < tokenLimit)) {
    throw new RangeError("tokenBurst must be above 0 and below tokensPerWindow");
  }
  if (!(shape.windowMs > 0) || shape.minGapMs < 0 || !(shape.maxWaitMs > 0)) {
    throw new RangeError("windowMs and maxWaitMs must be positive, minGapMs not negative");
  }
  return shape;
}
