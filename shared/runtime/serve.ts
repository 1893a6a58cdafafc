import { renameSync, writeFileSync } from "node:fs";
import type { Hono } from "hono";
import type { WebSocketHandler } from "bun";
import type { Logger } from "../observability/logger.ts";
import { isShuttingDown } from "./shutdown.ts";

export interface HttpServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export interface ServeHttpOptions<Socket> {
  port: number;
  /** Default: HULEEDU_BIND_HOST, else loopback. */
  hostname?: string;
  logger?: Logger;
  maxRequestBodySize?: number;
  /**
   * Bun WebSocket handlers: a route can then upgrade through the app's env, which is always the Bun
   * server (`c.env.upgrade(request, { data })`, `c.env.requestIP(request)`); `stop()` closes open sockets.
   */
  websocket?: WebSocketHandler<Socket>;
}

/**
 * Serve a Hono app; port 0 picks a free port (tests).
 * @example const http = serveHttp(app, { port: config.HTTP_PORT, logger })
 */
export function serveHttp<E extends object, Socket = undefined>(app: Hono<E & { Variables: object }>, options: ServeHttpOptions<Socket>): HttpServer {
  // Loopback by default; containers set HULEEDU_BIND_HOST=0.0.0.0.
  const hostname = options.hostname ?? process.env.HULEEDU_BIND_HOST ?? "127.0.0.1";
  const maxRequestBodySize = options.maxRequestBodySize ?? 128 * 1024 * 1024;
  let stopping = false;
  // Not ready from the moment shutdown starts (signal or stop()), while requests are still answered.
  const draining = (request: Request) => (stopping || isShuttingDown()) && new URL(request.url).pathname === "/readyz";
  const notReady = () => Response.json({ status: "shutting_down" }, { status: 503 });
  const server = options.websocket
    ? Bun.serve<Socket>({
      port: options.port, hostname, maxRequestBodySize, websocket: options.websocket,
      fetch: (request, bunServer) => (draining(request) ? notReady() : app.fetch(request, bunServer)),
    })
    : Bun.serve({ port: options.port, hostname, maxRequestBodySize, fetch: (request, bunServer) => (draining(request) ? notReady() : app.fetch(request, bunServer)) });
  const port = server.port ?? options.port;
  options.logger?.info("http listening", { port, hostname });
  announcePort(port);
  return {
    port,
    url: `http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${port}`,
    stop: async () => {
      stopping = true;
      await server.stop(options.websocket !== undefined);
    },
  };
}

// The launcher starts services on port 0 and learns the bound port from this file: no probe-then-bind race.
function announcePort(port: number): void {
  const file = process.env.HULEEDU_PORT_FILE;
  if (!file) return;
  writeFileSync(`${file}.tmp`, String(port));
  renameSync(`${file}.tmp`, file);
}
