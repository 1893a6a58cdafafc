import { afterAll, beforeAll, expect, test } from "bun:test";
import * as v from "valibot";
import { on } from "../bus/consumer.ts";
import { parseEntries } from "../bus/streams.ts";
import { loadCommonConfig } from "../config/load-config.ts";
import { defineTopic } from "../contracts/topics.ts";
import { createServiceApp } from "../http/app.ts";
import { startEventRuntime, type EventRuntime } from "../runtime/event-runtime.ts";
import { serveHttp, type HttpServer } from "../runtime/serve.ts";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { createMemoryLogger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { parseTraceparent, traceHeaders } from "./trace-context.ts";

// One request followed through HTTP → event → handler → event → outgoing HTTP by one W3C trace id.
const Asked = defineTopic("huleedu.test.trace.asked.v1", v.object({ n: v.number() }));
const Answered = defineTopic("huleedu.test.trace.answered.v1", v.object({ n: v.number() }));
const TRACE = "0af7651916cd43dd8448eb211c80319c";
const INCOMING = `00-${TRACE}-b7ad6b7169203331-01`;

let redis: TestRedis;
let runtime: EventRuntime;
let http: HttpServer;
let downstream: ReturnType<typeof Bun.serve>;
const seenByDownstream: (string | null)[] = [];
const logger = createMemoryLogger("trace-test");

beforeAll(async () => {
  redis = await startRedis();
  downstream = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => { seenByDownstream.push(req.headers.get("traceparent")); return new Response("ok"); } });
  const metrics = createMetrics("trace-test");
  const common = loadCommonConfig({ REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: "k", HULEEDU_BUS_BLOCK_MS: "100" });
  runtime = await startEventRuntime({ service: "trace-test", common, logger, metrics });
  await runtime.consume([
    on(Asked, async (envelope, ctx) => {
      ctx.logger.info("handling asked");
      await fetch(`http://127.0.0.1:${downstream.port}/`, { headers: traceHeaders() });
      await runtime.publish(Answered, { data: { n: envelope.data.n }, correlationId: envelope.correlation_id });
    }),
  ]);
  const app = createServiceApp({ service: "trace-test", logger, metrics });
  app.post("/ask", async (c) => {
    await runtime.publish(Asked, { data: { n: 1 }, correlationId: c.var.correlationId });
    return c.json({ ok: true }, 202);
  });
  http = serveHttp(app, { port: 0 });
});
afterAll(async () => {
  await http?.stop();
  await runtime?.stop();
  await downstream?.stop(true);
  await redis?.stop();
});

async function lastEnvelope(topic: string): Promise<{ metadata?: Record<string, string> } | undefined> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const [entry] = parseEntries(await redis.client().xrevrange(topic, "+", "-", "COUNT", 1));
    if (entry?.fields.envelope) return JSON.parse(entry.fields.envelope) as { metadata?: Record<string, string> };
    if (Date.now() > deadline) return undefined;
    await Bun.sleep(50);
  }
}

test("an incoming traceparent is carried into events, through a handler, onto its events and outgoing calls, and into logs", async () => {
  expect((await fetch(`${http.url}/ask`, { method: "POST", headers: { traceparent: INCOMING } })).status).toBe(202);
  const asked = await lastEnvelope(Asked.name);
  const askedTrace = parseTraceparent(asked?.metadata?.traceparent);
  expect(askedTrace?.traceId).toBe(TRACE);
  expect(askedTrace?.spanId).not.toBe("b7ad6b7169203331"); // the service's own span, child of the caller's
  expect(asked?.metadata?.trace_id).toBe(TRACE);

  const answered = await lastEnvelope(Answered.name);
  expect(parseTraceparent(answered?.metadata?.traceparent)?.traceId).toBe(TRACE);
  expect(parseTraceparent(seenByDownstream[0] ?? undefined)?.traceId).toBe(TRACE);
  const lines = logger.lines.filter((l) => l.msg === "http request" || l.msg === "handling asked");
  expect(lines.length).toBe(2);
  expect(lines.every((l) => l.trace_id === TRACE)).toBe(true);
});

test("no or a malformed traceparent starts a new trace (never an all-zero id)", async () => {
  for (const header of [undefined, "garbage", `00-${"0".repeat(32)}-b7ad6b7169203331-01`]) {
    await fetch(`${http.url}/ask`, { method: "POST", headers: header ? { traceparent: header } : {} });
    const asked = parseTraceparent((await lastEnvelope(Asked.name))?.metadata?.traceparent);
    expect(asked?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(asked?.traceId).not.toBe(TRACE);
    expect(asked?.traceId).not.toBe("0".repeat(32));
  }
});

test("parseTraceparent follows W3C: lowercase hex, version ff refused, future versions read by their first fields", () => {
  expect(parseTraceparent(INCOMING)).toEqual({ traceId: TRACE, spanId: "b7ad6b7169203331", flags: "01" });
  expect(parseTraceparent(INCOMING.toUpperCase())).toBeUndefined();
  expect(parseTraceparent(`ff-${TRACE}-b7ad6b7169203331-01`)).toBeUndefined();
  expect(parseTraceparent(`00-${TRACE}-${"0".repeat(16)}-01`)).toBeUndefined();
  expect(parseTraceparent(`01-${TRACE}-b7ad6b7169203331-01-extra`)?.traceId).toBe(TRACE);
});
