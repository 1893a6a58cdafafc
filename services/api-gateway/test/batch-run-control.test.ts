import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bosSummary } from "./fakes/bos-summary.ts";
import { startGatewayFixture, INTERNAL_KEY, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

// A small BOS stand-in that speaks the run-control routes (the shared fake BOS does not), with one
// batch per owner; the real BOS behind these routes is tested in its own service tests and e2e.
interface Seen { method: string; path: string; body: unknown }
function startRunControlBos() {
  const owners = new Map<string, string>([["batch-a", "teacher-a"]]);
  const seen: Seen[] = [];
  let running = true;
  const json = (body: unknown, status = 200) => Response.json(body, { status });
  const notFound = (id: string) => json({ error_code: "RESOURCE_NOT_FOUND", message: `Batch ${id} not found`, details: {}, correlation_id: "c", service: "batch-orchestrator" }, 404);
  const server = Bun.serve({
    port: 0, hostname: "127.0.0.1",
    async fetch(req) {
      if (req.headers.get("X-Internal-API-Key") !== INTERNAL_KEY) return json({}, 401);
      const url = new URL(req.url);
      const [, , , , id, tail] = url.pathname.split("/");
      const body = req.method === "GET" ? undefined : await req.json();
      seen.push({ method: req.method, path: url.pathname, body });
      const owner = id ? owners.get(id) : undefined;
      if (!id || !owner || (body && (body as { user_id?: string }).user_id !== owner)) return notFound(id ?? "");
      const summary = bosSummary({
        batch_id: id, user_id: owner, status: running ? "PROCESSING_PIPELINES" : "READY_FOR_PIPELINE_EXECUTION", pipeline_admission: { allowed: !running, reason: null, message: null },
      });
      if (req.method === "GET" && !tail) return json(summary);
      if (req.method === "PATCH" && !tail) return json({ ...summary, name: (body as { name: string | null }).name });
      if (tail === "cancel") {
        if (!running) return json({ error_code: "CONFLICT", message: "nothing runs", details: { batch_id: id, reason: "no_pipeline_running" }, correlation_id: "c", service: "batch-orchestrator" }, 409);
        running = false;
        return json({ batch_id: id, run_id: "run-1", pipeline: "cj_assessment", status: "CANCELLED", batch_status: "READY_FOR_PIPELINE_EXECUTION", cancelled_phases: ["cj_assessment"], skipped_phases: [], completed_phases: ["spellcheck"], cancelled_at: "2026-01-01T00:00:00.000Z" });
      }
      if (tail === "retry-phase") {
        return json({ error_code: "INSUFFICIENT_CREDITS", message: "Not enough credits", details: { batch_id: id, reason: "insufficient_credits" }, correlation_id: "c", service: "batch-orchestrator" }, 402);
      }
      return json({}, 500);
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, seen, stop: () => server.stop(true) };
}

let bos: ReturnType<typeof startRunControlBos>;
let gw: GatewayFixture;
let owner: string;
let intruder: string;
beforeAll(async () => {
  bos = startRunControlBos();
  gw = await startGatewayFixture({ env: { BOS_URL: bos.url } });
  owner = await gw.identity.token({ sub: "teacher-a" });
  intruder = await gw.identity.token({ sub: "teacher-b" });
});
afterAll(async () => {
  await gw.stop();
  await bos.stop();
});

describe("run control through the gateway", () => {
  test("someone else's batch and a missing one answer the same 404, and BOS is never asked to act", async () => {
    for (const [path, method, body] of [["/v1/batches/batch-a/cancel", "POST", undefined], ["/v1/batches/batch-a/retry-phase", "POST", { phase: "nlp" }], ["/v1/batches/batch-a", "PATCH", { name: "Mine" }]] as const) {
      const theirs = await gw.call(method, path, intruder, body);
      const missing = await gw.call(method, path.replace("batch-a", "batch-zz"), owner, body);
      expect([theirs.status, missing.status]).toEqual([404, 404]);
      const [a, b] = [(await theirs.json()) as ErrorBody, (await missing.json()) as ErrorBody];
      expect([a.error_code, b.error_code]).toEqual(["RESOURCE_NOT_FOUND", "RESOURCE_NOT_FOUND"]);
    }
    expect(bos.seen.filter((s) => s.method !== "GET")).toEqual([]);
    expect((await gw.call("POST", "/v1/batches/batch-a/cancel", undefined)).status).toBe(401);
  });

  test("cancel passes the owner to BOS and its 409 code back", async () => {
    const res = await gw.call("POST", "/v1/batches/batch-a/cancel", owner);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "CANCELLED", cancelled_phases: ["cj_assessment"] });
    expect(bos.seen.at(-1)).toEqual({ method: "POST", path: "/internal/v1/batches/batch-a/cancel", body: { user_id: "teacher-a" } });
    const again = await gw.call("POST", "/v1/batches/batch-a/cancel", owner);
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).details).toMatchObject({ reason: "no_pipeline_running" });
  });

  test("retry-phase validates the phase and passes a credit refusal on as 402", async () => {
    for (const bad of [{}, { phase: "grammar" }, { phase: "nlp", extra: 1 }]) {
      const res = await gw.call("POST", "/v1/batches/batch-a/retry-phase", owner, bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error_code).toBe("VALIDATION_ERROR");
    }
    const refused = await gw.call("POST", "/v1/batches/batch-a/retry-phase", owner, { phase: "ai_feedback" });
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as ErrorBody).error_code).toBe("INSUFFICIENT_CREDITS");
    expect(bos.seen.at(-1)).toEqual({ method: "POST", path: "/internal/v1/batches/batch-a/retry-phase", body: { user_id: "teacher-a", phase: "ai_feedback" } });
  });

  test("rename trims the name and refuses empty or over-long ones before BOS", async () => {
    const asked = bos.seen.length;
    for (const name of ["   ", "y".repeat(201), 42]) {
      const res = await gw.call("PATCH", "/v1/batches/batch-a", owner, { name });
      expect(res.status).toBe(400);
    }
    expect(bos.seen.slice(asked).filter((s) => s.method === "PATCH")).toEqual([]);
    const res = await gw.call("PATCH", "/v1/batches/batch-a", owner, { name: "  Spring essays " });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe("Spring essays");
    expect(bos.seen.at(-1)?.body).toEqual({ user_id: "teacher-a", name: "Spring essays" });
  });
});
