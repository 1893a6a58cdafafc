import { Hono } from "hono";
import { startFakeUpstream } from "./fake-upstream.ts";

const SCALES: Record<string, string[]> = { swedish_a_f: ["F", "E", "D", "C", "B", "A"], numeric_1_5: ["1", "2", "3", "4", "5"] };

interface FakeAnchor {
  anchor_id: string;
  grade: string;
  text: string;
}

export interface ReceivedAnchorCall {
  method: string;
  assignmentId: string;
  userId: string | undefined;
  correlationId: string | undefined;
  body?: unknown;
}

const error = (error_code: string, message: string, details?: Record<string, unknown>) => ({ error_code, message, ...(details ? { details } : {}) });

/**
 * CJ assessment's anchor API as the gateway expects it: assignment ids are scoped per user (each
 * teacher's "X" is their own; `assignments` is keyed `user:assignment`), GET of an id the caller has
 * no anchors for is 404, grades are checked against the scale (400), another scale is 409.
 */
export function startFakeCj(internalApiKey: string) {
  const assignments = new Map<string, { owner: string; gradeScale: string; anchors: Map<string, FakeAnchor> }>();
  const calls: ReceivedAnchorCall[] = [];
  let delayMs = 0;
  const app = new Hono();
  app.use("*", async (_c, next) => {
    if (delayMs) await Bun.sleep(delayMs);
    await next();
  });
  const key = (userId: string, assignmentId: string) => `${userId}:${assignmentId}`;
  const view = (userId: string, assignmentId: string) => {
    const a = assignments.get(key(userId, assignmentId))!;
    const now = new Date().toISOString();
    return {
      assignment_id: assignmentId, grade_scale: a.gradeScale,
      anchors: [...a.anchors.values()].map((x) => ({ anchor_id: x.anchor_id, grade: x.grade, characters: x.text.length, created_at: now, updated_at: now })),
    };
  };
  app.post("/v1/assignments/:id/anchors", async (c) => {
    const assignmentId = c.req.param("id");
    const userId = c.req.header("X-User-ID");
    const body = (await c.req.json()) as { grade_scale: string; anchors: { anchor_id?: string; grade: string; text: string }[] };
    calls.push({ method: "POST", assignmentId, userId, correlationId: c.req.header("X-Correlation-ID"), body });
    if (!userId) return c.json(error("AUTHENTICATION_ERROR", "Missing X-User-ID header"), 401);
    const scale = SCALES[body.grade_scale];
    if (!scale) return c.json(error("VALIDATION_ERROR", "Invalid request body: grade_scale", { fields: { grade_scale: `grade_scale must be one of ${Object.keys(SCALES).join(", ")}` } }), 400);
    const bad = Object.fromEntries(body.anchors.flatMap((a, i) => (scale.includes(a.grade) ? [] : [[`anchors.${i}.grade`, `grade ${a.grade} is not on scale ${body.grade_scale}`]])));
    if (Object.keys(bad).length) return c.json(error("VALIDATION_ERROR", "Invalid request body: grades must belong to the grade scale", { fields: bad }), 400);
    const existing = assignments.get(key(userId, assignmentId));
    if (existing && existing.gradeScale !== body.grade_scale) return c.json(error("CONFLICT", `Assignment ${assignmentId} already has anchors on scale ${existing.gradeScale}`, { grade_scale: existing.gradeScale }), 409);
    const entry = existing ?? { owner: userId, gradeScale: body.grade_scale, anchors: new Map<string, FakeAnchor>() };
    for (const a of body.anchors) {
      const id = a.anchor_id ?? crypto.randomUUID();
      entry.anchors.set(id, { anchor_id: id, grade: a.grade, text: a.text });
    }
    assignments.set(key(userId, assignmentId), entry);
    return c.json(view(userId, assignmentId), 201);
  });
  app.get("/v1/assignments/:id/anchors", (c) => {
    const assignmentId = c.req.param("id");
    const userId = c.req.header("X-User-ID");
    calls.push({ method: "GET", assignmentId, userId, correlationId: c.req.header("X-Correlation-ID") });
    if (!userId || !assignments.has(key(userId, assignmentId))) return c.json(error("RESOURCE_NOT_FOUND", `No anchors for assignment ${assignmentId}`, { assignment_id: assignmentId }), 404);
    return c.json(view(userId, assignmentId));
  });
  return {
    ...startFakeUpstream(app, { internalApiKey, keyPrefix: "/v1" }),
    calls,
    assignments,
    setDelay(ms: number) {
      delayMs = ms;
    },
  };
}
export type FakeCj = ReturnType<typeof startFakeCj>;
