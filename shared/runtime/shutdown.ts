import type { Logger } from "../observability/logger.ts";

let shuttingDown = false;

/** True once this process was told to stop: /readyz answers 503 from then on (see serveHttp). */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

/**
 * Run `stop` once on SIGTERM/SIGINT, then exit; a second signal or a hung stop exits at once.
 * Readiness turns 503 at the signal; with HULEEDU_SHUTDOWN_DRAIN_MS the process keeps serving that
 * long first, so a load balancer stops sending work before the listener closes.
 * @example onShutdown(logger, () => service.stop())
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>, graceMs = 15_000): void {
  const drainMs = Math.max(0, Number(process.env.HULEEDU_SHUTDOWN_DRAIN_MS ?? 0) || 0);
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    shuttingDown = true;
    logger.info("shutting down", { signal, drain_ms: drainMs });
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting", { grace_ms: graceMs });
      process.exit(1);
    }, drainMs + graceMs);
    Bun.sleep(drainMs)
      .then(() => stop())
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
