import * as v from "valibot";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { EntitlementCheckRequestSchema } from "@shared/contracts/events/entitlements.ts";

type CheckRequest = v.InferOutput<typeof EntitlementCheckRequestSchema>;

export interface FakeEntitlements {
  url: string;
  /** Every well-formed check received, in order. */
  requests: CheckRequest[];
  /** Credits per user id; users not listed have `defaultBalance`. */
  balances: Map<string, number>;
  defaultBalance: number;
  /** Answer the next `n` checks with this status (e.g. 503) before behaving again. */
  failNext(n: number, status: number): void;
  /** Hold the next `n` answers for `ms` (longer than BOS's timeout = an entitlements that hangs). */
  delayNext(n: number, ms: number): void;
  onRequest?: (request: CheckRequest) => void;
  stop(): Promise<void>;
}

const COSTS: Record<CheckRequest["resource"], number> = { cj_comparison: 1, ai_feedback: 2 };

/**
 * A stand-in for the entitlements service speaking its check contract: internal key, request
 * schema, quantity × cost against a balance, HuleEduError bodies. Balances are kept per user for
 * simplicity (who pays is the real service's business; BOS only forwards user and org).
 */
export function startFakeEntitlements(internalKey: string): FakeEntitlements {
  let failures = { left: 0, status: 503 };
  let delays = { left: 0, ms: 0 };
  const fake: FakeEntitlements = {
    url: "", requests: [], balances: new Map(), defaultBalance: 1_000_000,
    failNext: (n, status) => { failures = { left: n, status }; },
    delayNext: (n, ms) => { delays = { left: n, ms }; },
    stop: async () => undefined,
  };
  const app = new Hono();
  app.post("/internal/v1/entitlements/check", async (c) => {
    if (c.req.header("X-Internal-API-Key") !== internalKey) {
      return c.json({ error_code: "AUTHENTICATION_ERROR", message: "bad key", service: "entitlements" }, 401);
    }
    const parsed = v.safeParse(EntitlementCheckRequestSchema, await c.req.json());
    if (!parsed.success) return c.json({ error_code: "VALIDATION_ERROR", message: "bad request", service: "entitlements" }, 400);
    const request = parsed.output;
    fake.requests.push(request);
    fake.onRequest?.(request);
    if (delays.left > 0) {
      delays.left--;
      await Bun.sleep(delays.ms);
    }
    if (failures.left > 0) {
      failures.left--;
      return c.json({ error_code: "INTERNAL_ERROR", message: "temporarily broken", service: "entitlements" }, failures.status as ContentfulStatusCode);
    }
    const balance = fake.balances.get(request.user_id) ?? fake.defaultBalance;
    const required = COSTS[request.resource] * request.quantity;
    const allowed = balance >= required;
    return c.json({ allowed, balance, required, reason: allowed ? null : "insufficient_credits" });
  });
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
  fake.url = `http://127.0.0.1:${server.port}`;
  fake.stop = async () => { await server.stop(true); };
  return fake;
}
