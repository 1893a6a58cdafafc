import type { Logger } from "../observability/logger.ts";

/**
 * Run `stop` once on SIGTERM/SIGINT, then exit; a second signal or a hung stop exits at once.
 * @example onShutdown(logger, () => service.stop())
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>, graceMs = 15_000): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info("shutting down", { signal });
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting", { grace_ms: graceMs });
      process.exit(1);
    }, graceMs);
    stop()
      .then(() => {
        clearTimeout(force);
        logger.info("stopped");
        process.exit(0);
      })
      .catch((err) => {
        logger.error("shutdown failed", { error: err });
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => handle("SIGTERM"));
  process.on("SIGINT", () => handle("SIGINT"));
}
