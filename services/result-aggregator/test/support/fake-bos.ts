import { Hono } from "hono";
import type * as v from "valibot";
import type { PipelineStateResponseSchema } from "@shared/contracts/pipeline-state.ts";

/** What BOS's pipeline-state endpoint answers for a batch: the shared contract's shape. */
export type FakePipelineState = v.InferInput<typeof PipelineStateResponseSchema>;

export type FakeBosMode = "up" | "down" | "slow";

export interface FakeBos {
  url: string;
  /** Every request to the pipeline-state endpoint, with the headers RAS sent. */
  hits: { batchId: string; internalKey: string | undefined; correlationId: string | undefined; at: number }[];
  batches: Map<string, FakePipelineState>;
  /** `down`: 503 at once; `slow`: answers after `slowMs` (longer than RAS's timeout). */
  setMode(mode: FakeBosMode): void;
  slowMs: number;
  stop(): Promise<void>;
}

/** A stand-in for BOS speaking `GET /internal/v1/batches/{batch_id}/pipeline-state`. */
export function startFakeBos(internalKey: string): FakeBos {
  let mode: FakeBosMode = "up";
  const fake: FakeBos = {
    url: "", hits: [], batches: new Map(), slowMs: 1500,
    setMode: (m) => { mode = m; },
    stop: async () => undefined,
  };
  const app = new Hono();
  app.get("/internal/v1/batches/:batch_id/pipeline-state", async (c) => {
    const batchId = c.req.param("batch_id");
    fake.hits.push({ batchId, internalKey: c.req.header("X-Internal-API-Key"), correlationId: c.req.header("X-Correlation-ID"), at: Date.now() });
    if (c.req.header("X-Internal-API-Key") !== internalKey) {
      return c.json({ error_code: "AUTHENTICATION_ERROR", message: "bad key", service: "batch-orchestrator" }, 401);
    }
    if (mode === "down") return c.json({ error_code: "INTERNAL_ERROR", message: "BOS is down", service: "batch-orchestrator" }, 503);
    if (mode === "slow") await Bun.sleep(fake.slowMs);
    const state = fake.batches.get(batchId);
    if (!state) return c.json({ error_code: "RESOURCE_NOT_FOUND", message: `Batch ${batchId} not found`, service: "batch-orchestrator" }, 404);
    return c.json(state);
  });
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
  fake.url = `http://127.0.0.1:${server.port}`;
  fake.stop = async () => { await server.stop(true); };
  return fake;
}
