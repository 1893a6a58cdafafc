import { afterAll, beforeAll, expect, test } from "bun:test";
import { notificationChannel, type TeacherNotification } from "@shared/contracts/notifications.ts";
import type { Redis } from "@shared/bus/redis.ts";
import { startGatewayFixture, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
let redis: Redis;
beforeAll(async () => {
  gw = await startGatewayFixture();
  redis = gw.redis.client();
});
afterAll(async () => {
  await gw.stop();
});

interface TestSocket {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  closed: Promise<number>;
}

const wsUrl = (query = "") => `${gw.url.replace("http", "ws")}/v1/ws${query}`;

function connect(url: string, protocols?: string[]): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const messages: Record<string, unknown>[] = [];
    let resolveClosed!: (code: number) => void;
    const closed = new Promise<number>((r) => (resolveClosed = r));
    ws.onmessage = (e) => messages.push(JSON.parse(String(e.data)) as Record<string, unknown>);
    ws.onopen = () => resolve({ ws, messages, closed });
    ws.onerror = () => reject(new Error("websocket handshake failed"));
    ws.onclose = (e) => resolveClosed(e.code);
  });
}

function notification(userId: string, batchId: string, type: TeacherNotification["type"] = "phase_started"): TeacherNotification {
  return { notification_id: crypto.randomUUID(), type, user_id: userId, batch_id: batchId, timestamp: new Date().toISOString(), data: { phase: "spellcheck" } };
}

async function until(check: () => boolean, what: string, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

async function subscribers(userId: string): Promise<number> {
  const [, count] = (await redis.pubsub("NUMSUB", notificationChannel(userId))) as [string, number];
  return Number(count);
}

/** The subscriber count once it reaches `expected` (UNSUBSCRIBE is sent after the close), or after 2 s. */
async function settledSubscribers(userId: string, expected: number): Promise<number> {
  const deadline = Date.now() + 2000;
  let count = await subscribers(userId);
  while (count !== expected && Date.now() < deadline) {
    await Bun.sleep(20);
    count = await subscribers(userId);
  }
  return count;
}

test("each socket gets its own user's notifications and never another user's", async () => {
  const alice = await connect(wsUrl(`?token=${await gw.identity.token({ sub: "alice" })}`));
  const bob = await connect(wsUrl(), ["bearer", await gw.identity.token({ sub: "bob" })]);
  expect(bob.ws.protocol).toBe("bearer");
  const forAlice = notification("alice", "batch-a");
  const forBob = notification("bob", "batch-b", "phase_completed");
  await redis.publish(notificationChannel("alice"), JSON.stringify(forAlice));
  await redis.publish(notificationChannel("bob"), JSON.stringify(forBob));
  // Misrouted and malformed messages on alice's channel are dropped, not forwarded.
  await redis.publish(notificationChannel("alice"), JSON.stringify(notification("bob", "batch-b")));
  await redis.publish(notificationChannel("alice"), "not json");
  const last = notification("alice", "batch-a", "results_ready");
  await redis.publish(notificationChannel("alice"), JSON.stringify(last));
  await until(() => alice.messages.length >= 2 && bob.messages.length >= 1, "notifications");
  await Bun.sleep(100);
  expect(alice.messages).toEqual([forAlice, last] as unknown as Record<string, unknown>[]);
  expect(bob.messages).toEqual([forBob] as unknown as Record<string, unknown>[]);
  alice.ws.close();
  bob.ws.close();
  await Promise.all([alice.closed, bob.closed]);
});

test("the Redis subscription lives exactly as long as the user's sockets", async () => {
  const token = await gw.identity.token({ sub: "carol" });
  expect(await subscribers("carol")).toBe(0);
  const first = await connect(wsUrl(`?token=${token}`));
  const second = await connect(wsUrl(`?token=${token}`));
  expect(await subscribers("carol")).toBe(1);
  await redis.publish(notificationChannel("carol"), JSON.stringify(notification("carol", "b")));
  await until(() => first.messages.length === 1 && second.messages.length === 1, "both sockets");
  first.ws.close();
  await first.closed;
  await Bun.sleep(50);
  expect(await subscribers("carol")).toBe(1);
  second.ws.close();
  await second.closed;
  expect(await settledSubscribers("carol", 0)).toBe(0);
});

test("a socket without a valid token is refused", async () => {
  await expect(connect(wsUrl())).rejects.toThrow("handshake failed");
  await expect(connect(wsUrl("?token=garbage"))).rejects.toThrow("handshake failed");
  await expect(connect(wsUrl(`?token=${await gw.identity.foreignToken({ sub: "mallory" })}`))).rejects.toThrow("handshake failed");
  const plain = await gw.call("GET", "/v1/ws", await gw.identity.token({ sub: "dave" }));
  expect(plain.status).toBe(400);
  expect(await subscribers("mallory")).toBe(0);
  expect(await subscribers("dave")).toBe(0);
});

test("the socket is closed with 4001 when its token expires", async () => {
  const token = await gw.identity.token({ sub: "erin", expiresIn: Math.floor(Date.now() / 1000) + 2 });
  const socket = await connect(wsUrl(`?token=${token}`));
  expect(await socket.closed).toBe(4001);
  expect(await settledSubscribers("erin", 0)).toBe(0);
});
