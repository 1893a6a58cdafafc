import { Hono } from "hono";
import { startFakeUpstream } from "./fake-upstream.ts";

/** RAS's batch view endpoint over views set by the test. */
export function startFakeRas(internalApiKey: string) {
  const views = new Map<string, Record<string, unknown> & { batch_id: string; user_id: string }>();
  const app = new Hono();
  // Like RAS: /status has no per-essay list, /results has it.
  app.get("/internal/v1/batches/:id/status", (c) => {
    const view = views.get(c.req.param("id"));
    if (!view) return c.json({ error_code: "RESOURCE_NOT_FOUND", message: "No view" }, 404);
    const { essays: _essays, ...status } = view;
    return c.json(status);
  });
  app.get("/internal/v1/batches/:id/results", (c) => {
    const view = views.get(c.req.param("id"));
    return view ? c.json({ ...view, essays: view.essays ?? [] }) : c.json({ error_code: "RESOURCE_NOT_FOUND", message: "No view" }, 404);
  });
  return { ...startFakeUpstream(app, { internalApiKey, keyPrefix: "/internal" }), views };
}
