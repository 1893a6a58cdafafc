import type { Hono } from "hono";
import type { WebSocketHandler } from "bun";
import type { Logger } from "@shared/observability/logger.ts";
import type { HttpServer } from "@shared/runtime/serve.ts";
import type { GatewayEnv } from "./http/gateway-env.ts";
import type { SocketData } from "./http/socket-route.ts";

/**
 * Serve the gateway app with Bun's native WebSocket support (the kit's `serveHttp` has none):
 * the Bun server is handed to Hono as its env so a route can upgrade.
 */
export function serveGateway(app: Hono<GatewayEnv>, options: { port: number; hostname?: string; logger: Logger; maxRequestBodySize: number; websocket: WebSocketHandler<SocketData> }): HttpServer {
  const hostname = options.hostname ?? "127.0.0.1";
  const server = Bun.serve<SocketData>({
    port: options.port,
    hostname,
    maxRequestBodySize: options.maxRequestBodySize,
    fetch: (request, bunServer) => app.fetch(request, bunServer),
    websocket: options.websocket,
  });
  const port = server.port ?? options.port;
  options.logger.info("http listening", { port, hostname });
  return {
    port,
    url: `http://${hostname}:${port}`,
    async stop() {
      await server.stop(true);
    },
  };
}
