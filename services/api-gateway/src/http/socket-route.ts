import type { Hono } from "hono";
import type { ServerWebSocket, WebSocketHandler } from "bun";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { NotificationHub, NotificationSubscription } from "../notifications/notification-hub.ts";
import { WS_BEARER_PROTOCOL } from "./authenticate.ts";
import type { GatewayEnv } from "./gateway-env.ts";

export interface SocketData {
  userId: string;
  subscription: NotificationSubscription;
  /** Token expiry, epoch seconds; the socket is closed then (code 4001). */
  expiresAt: number;
  expiryTimer?: ReturnType<typeof setTimeout>;
}

interface Upgrader {
  upgrade(request: Request, options: { data: SocketData; headers?: Record<string, string> }): boolean;
}

function isUpgrader(env: unknown): env is Upgrader {
  return typeof env === "object" && env !== null && typeof (env as Upgrader).upgrade === "function";
}

export const TOKEN_EXPIRED_CLOSE_CODE = 4001;

/** `GET /v1/ws`: after `authenticate()`, subscribe to the caller's channel, then upgrade. */
export function registerSocketRoute(app: Hono<GatewayEnv>, deps: { hub: NotificationHub; logger: Logger }): void {
  const { hub, logger } = deps;
  app.get("/v1/ws", async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new HuleEduError("VALIDATION_ERROR", "GET /v1/ws expects a WebSocket upgrade request");
    }
    if (!isUpgrader(c.env)) throw new Error("server does not support WebSocket upgrades");
    const { user, correlationId } = c.var;
    const subscription = await hub.subscribe(user.userId);
    const offeredBearer = (c.req.header("Sec-WebSocket-Protocol") ?? "").split(",").some((p) => p.trim() === WS_BEARER_PROTOCOL);
    const upgraded = c.env.upgrade(c.req.raw, {
      data: { userId: user.userId, subscription, expiresAt: user.expiresAt },
      ...(offeredBearer ? { headers: { "Sec-WebSocket-Protocol": WS_BEARER_PROTOCOL } } : {}),
    });
    if (!upgraded) {
      subscription.close();
      throw new HuleEduError("VALIDATION_ERROR", "WebSocket upgrade failed");
    }
    logger.info("websocket connected", { user_id: user.userId, correlation_id: correlationId });
    return new Response(null);
  });
}

/** Bun websocket handlers for notification sockets: forward, expire with the token, clean up. */
export function notificationSocketHandlers(deps: { logger: Logger; metrics: ServiceMetrics }): WebSocketHandler<SocketData> {
  const { logger } = deps;
  const open = deps.metrics.gauge("gateway_websockets_open", "Open notification WebSockets");
  return {
    open(ws: ServerWebSocket<SocketData>) {
      open.inc();
      ws.data.subscription.deliverTo((json) => ws.send(json));
      const ms = Math.min(Math.max(0, ws.data.expiresAt * 1000 - Date.now()), 2 ** 31 - 1);
      ws.data.expiryTimer = setTimeout(() => ws.close(TOKEN_EXPIRED_CLOSE_CODE, "access token expired"), ms);
    },
    message() {
      // The socket is push-only; client messages are ignored.
    },
    close(ws: ServerWebSocket<SocketData>, code: number) {
      open.dec();
      clearTimeout(ws.data.expiryTimer);
      ws.data.subscription.close();
      logger.info("websocket closed", { user_id: ws.data.userId, code });
    },
  };
}
