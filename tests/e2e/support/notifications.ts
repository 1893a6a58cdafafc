/** A WebSocket client on the gateway's /v1/ws that keeps every notification it receives. */
export interface NotificationSocket {
  received: { type: string; batch_id: string; user_id: string; data: Record<string, unknown> }[];
  waitFor(what: string, match: (n: NotificationSocket["received"][number]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openNotificationSocket(gateway: string, token: string): Promise<NotificationSocket> {
  const ws = new WebSocket(`${gateway.replace(/^http/, "ws")}/v1/ws?token=${encodeURIComponent(token)}`);
  const received: NotificationSocket["received"] = [];
  ws.addEventListener("message", (event) => {
    try {
      received.push(JSON.parse(String(event.data)));
    } catch {
      /* not a notification */
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("websocket failed to open")), { once: true });
  });
  return {
    received,
    async waitFor(what, match, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!received.some(match)) {
        if (Date.now() > deadline) throw new Error(`no ${what} notification; got ${received.map((n) => `${n.type}:${JSON.stringify(n.data)}`).join(", ")}`);
        await Bun.sleep(50);
      }
    },
    close: () => ws.close(),
  };
}
