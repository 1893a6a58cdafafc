import type { Logger } from "../observability/logger.ts";
import { onShutdown } from "./shutdown.ts";

/** What every service factory returns. */
export interface RunningService {
  /** Base URL of its HTTP server, if it has one. */
  url?: string;
  port?: number;
  stop(): Promise<void>;
}

/**
 * The body of every `main.ts`: start, log where, stop cleanly on signals; a start failure exits 1
 * with the reason (e.g. a config error).
 */
export async function runService(logger: Logger, start: () => Promise<RunningService>): Promise<void> {
  try {
    const service = await start();
    onShutdown(logger, () => service.stop());
    logger.info("service started", { url: service.url });
  } catch (err) {
    logger.error("service failed to start", { error: err });
    process.exit(1);
  }
}
