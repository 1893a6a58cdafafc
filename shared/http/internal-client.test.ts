import { afterAll, beforeAll, expect, test } from "bun:test";
import * as v from "valibot";
import { HuleEduError } from "../contracts/errors.ts";
import { createMemoryLogger } from "../observability/logger.ts";
import { runInTrace, startSpan } from "../observability/trace-context.ts";
import { freePort } from "../testing/ports.ts";
import { createInternalClient } from "./internal-client.ts";

let server: ReturnType<typeof Bun.serve>;
const seen: Record<string, string>[] = [];
beforeAll(() => {
  server = Bun.serve({
    port: 0, hostname: "127.0.0.1",
    async fetch(req) {
      seen.push(req.headers.toJSON());
      const path = new URL(req.url).pathname;
      if (path === "/slow") await Bun.sleep(500);
      if (path === "/conflict") return Response.json({ error_code: "CONFLICT", message: "already there", details: { reason: "dup" } }, { status: 409 });
      if (path === "/broken") return new Response("oops", { status: 500 });
      if (path === "/bytes") return new Response(new Uint8Array([0, 255, 7]), { status: 207, headers: { "Content-Type": "application/octet-stream", "Set-Cookie": "a=1", "X-Echo": await req.text() } });
      if (path === "/stall") {
        // Headers and a first chunk at once, the rest never: the body must still be read within the timeout.
        return new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode("{")) }), { headers: { "Content-Type": "application/json" } });
      }
      return Response.json({ id: path === "/wrong" ? 7 : "x-1" });
    },
  });
});
afterAll(() => server.stop(true));

const client = (baseUrl = `http://127.0.0.1:${server.port}`) =>
  createInternalClient({ name: "thing-service", baseUrl, internalApiKey: "key-1", timeoutMs: 200, logger: createMemoryLogger("t") });
const Thing = v.object({ id: v.string() });
const errorOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (err) {
    if (err instanceof HuleEduError) return err;
    throw err;
  }
  throw new Error("expected a HuleEduError");
};

test("every call carries the internal key, the correlation id and the current traceparent; answers are parsed by their schema", async () => {
  const span = startSpan();
  const answer = await runInTrace(span, () => client().call({ method: "GET", path: "/thing", correlationId: "corr-1" }));
  expect(client().parse(Thing, answer, "corr-1")).toEqual({ id: "x-1" });
  expect(seen.at(-1)).toMatchObject({ "x-internal-api-key": "key-1", "x-correlation-id": "corr-1", traceparent: `00-${span.traceId}-${span.spanId}-01` });
});

test("errors are classified: timeout, unreachable, the callee's own 4xx passed on, anything else and broken contracts → EXTERNAL_SERVICE_ERROR", async () => {
  expect((await errorOf(client().call({ method: "GET", path: "/slow", correlationId: "c" }))).code).toBe("TIMEOUT");
  expect((await errorOf(client(`http://127.0.0.1:${await freePort()}`).call({ method: "GET", path: "/", correlationId: "c" }))).code).toBe("EXTERNAL_SERVICE_ERROR");
  const conflict = client().failure(await client().call({ method: "POST", path: "/conflict", correlationId: "c", json: {} }), "c");
  expect({ code: conflict.code, message: conflict.message, reason: conflict.details.reason }).toEqual({ code: "CONFLICT", message: "already there", reason: "dup" });
  expect(client().failure(await client().call({ method: "GET", path: "/broken", correlationId: "c" }), "c").code).toBe("EXTERNAL_SERVICE_ERROR");
  const wrong = await client().call({ method: "GET", path: "/wrong", correlationId: "c" });
  expect((await errorOf(Promise.resolve().then(() => client().parse(Thing, wrong, "c")))).code).toBe("EXTERNAL_SERVICE_ERROR");
});

test("callRaw gives the answer as it came (status, every header, the bytes) and sends a bytes body", async () => {
  const answer = await client().callRaw({ method: "POST", path: "/bytes", correlationId: "corr-raw", body: new TextEncoder().encode("hello") });
  expect(answer.status).toBe(207);
  expect([...answer.bytes]).toEqual([0, 255, 7]);
  expect([answer.headers.get("Content-Type"), answer.headers.getSetCookie(), answer.headers.get("X-Echo")]).toEqual(["application/octet-stream", ["a=1"], "hello"]);
  expect(seen.at(-1)).toMatchObject({ "x-internal-api-key": "key-1", "x-correlation-id": "corr-raw" });
});

test("a body that stalls after the headers is a TIMEOUT too, for call and callRaw", async () => {
  for (const work of [client().call({ method: "GET", path: "/stall", correlationId: "c" }), client().callRaw({ method: "GET", path: "/stall", correlationId: "c" })]) {
    const started = performance.now();
    expect((await errorOf(work)).code).toBe("TIMEOUT");
    expect(performance.now() - started).toBeLessThan(2000);
  }
});
