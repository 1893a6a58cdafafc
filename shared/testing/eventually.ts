/**
 * Wait until `check` holds, polling; throws with `what` after `timeoutMs`.
 * @example await eventually("the entry in the DLQ", async () => (await redis.xlen(topic.dlq)) === 1)
 */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}
