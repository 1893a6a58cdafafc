import type { Hono } from "hono";
import type { Logger } from "../observability/logger.ts";

export interface HttpServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * Serve a Hono app; port 0 picks a free port (tests).
 * @example const http = serveHttp(app, { port: config.HTTP_PORT, logger })
 */
export function serveHttp<E extends object>(app: Hono<E & { Variables: object }>, options: { port: number; hostname?: string; logger?: Logger; maxRequestBodySize?: number }): HttpServer {
  // Loopback by default; containers set HULEEDU_BIND_HOST=0.0.0.0.
  const hostname = options.hostname ?? process.env.HULEEDU_BIND_HOST ?? "127.0.0.1";
  const server = Bun.serve({
    port: options.port,
    hostname,
    fetch: app.fetch,
    maxRequestBodySize: options.maxRequestBodySize ?? 128 * 1024 * 1024,
  });
  const port = server.port ?? options.port;
  options.logger?.info("http listening", { port, hostname });
  return {
    port,
    url: `http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${port}`,
    stop: async () => {
      await server.stop();
    },
  };
}
