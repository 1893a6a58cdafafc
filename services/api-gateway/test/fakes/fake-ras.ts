import { Hono } from "hono";
import { startFakeUpstream } from "./fake-upstream.ts";

/** RAS's batch view endpoint over views set by the test. */
export function startFakeRas(internalApiKey: string) {
  const views = new Map<string, Record<string, unknown> & { batch_id: string; user_id: string }>();
  const app = new Hono();
  app.get("/internal/v1/batches/:id/status", (c) => {
    const view = views.get(c.req.param("id"));
    return view ? c.json(view) : c.json({ error_code: "RESOURCE_NOT_FOUND", message: "No view" }, 404);
  });
  return { ...startFakeUpstream(app, { internalApiKey, keyPrefix: "/internal" }), views };
}
