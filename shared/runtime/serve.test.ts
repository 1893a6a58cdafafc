import { expect, test } from "bun:test";
import { Hono } from "hono";
import { serveHttp } from "./serve.ts";

interface Upgrader { upgrade(request: Request, options: { data: { name: string } }): boolean }

test("with a websocket option a route can upgrade through c.env and the socket gets its data", async () => {
  const app = new Hono<{ Variables: object }>();
  app.get("/ws", (c) => ((c.env as Upgrader).upgrade(c.req.raw, { data: { name: "kit" } }) ? new Response(null) : c.text("no upgrade", 400)));
  const http = serveHttp(app, { port: 0, websocket: { message() {}, open(ws: { data: { name: string }; send(m: string): void }) { ws.send(`hello ${ws.data.name}`); } } });
  try {
    const ws = new WebSocket(`${http.url.replace("http", "ws")}/ws`);
    const first = await new Promise<string>((resolve, reject) => {
      ws.onmessage = (e) => resolve(String(e.data));
      ws.onerror = () => reject(new Error("handshake failed"));
    });
    expect(first).toBe("hello kit");
    ws.close();
  } finally {
    await http.stop();
  }
});

test("without a websocket option the app still gets the Bun server as env (client address for rate limits)", async () => {
  interface AddressSource { requestIP(request: Request): { address: string } | null }
  const app = new Hono<{ Variables: object }>();
  app.get("/ip", (c) => c.json({ address: (c.env as AddressSource).requestIP(c.req.raw)?.address ?? null }));
  const http = serveHttp(app, { port: 0 });
  try {
    expect(((await (await fetch(`${http.url}/ip`)).json()) as { address: string | null }).address).toMatch(/127\.0\.0\.1/);
  } finally {
    await http.stop();
  }
});
