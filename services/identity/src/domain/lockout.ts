/**
 * Growing delays after consecutive failed logins: none up to `freeFailures`, then `baseSeconds`
 * doubling with each further failure, capped at `maxSeconds`.
 * @example lockoutSeconds(7, { freeFailures: 5, baseSeconds: 30, maxSeconds: 900 }) // 60
 */
export function lockoutSeconds(failures: number, policy: { freeFailures: number; baseSeconds: number; maxSeconds: number }): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** (failures - policy.freeFailures - 1));
}
