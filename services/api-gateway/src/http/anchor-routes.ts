import type { Hono } from "hono";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { CjClient } from "../clients/cj-client.ts";
import { ownedAnchorSet } from "../domain/assignment-access.ts";
import { requestBodyLimit } from "./body-limit.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { AnchorRegistrationRequestSchema, AssignmentIdParamsSchema, MAX_ANCHOR_TEXT_CHARS, MAX_ANCHORS } from "./schemas.ts";

export interface AnchorRoutesDeps {
  cj: CjClient;
  logger: Logger;
}

// The largest valid registration written with JSON \u escapes (6 bytes a character), plus framing.
export const ANCHORS_BODY_MAX_BYTES = MAX_ANCHORS * (MAX_ANCHOR_TEXT_CHARS * 6 + 1024) + 4096;

/** Anchor essays per assignment, proxied to CJ assessment, which scopes assignment ids per teacher. */
export function registerAnchorRoutes(app: Hono<GatewayEnv>, deps: AnchorRoutesDeps): void {
  const { cj, logger } = deps;

  app.post("/v1/assignments/:assignment_id/anchors", requestBodyLimit(ANCHORS_BODY_MAX_BYTES), async (c) => {
    const { assignment_id } = readParams(c, AssignmentIdParamsSchema);
    const body = await readJson(c, AnchorRegistrationRequestSchema);
    const { user, correlationId } = c.var;
    const set = ownedAnchorSet(await cj.registerAnchors(assignment_id, user.userId, body, correlationId), assignment_id);
    logger.info("anchors registered", { assignment_id, user_id: user.userId, correlation_id: correlationId, anchors: body.anchors.length, grade_scale: body.grade_scale });
    return c.json(set, 201);
  });

  app.get("/v1/assignments/:assignment_id/anchors", async (c) => {
    const { assignment_id } = readParams(c, AssignmentIdParamsSchema);
    const { user, correlationId } = c.var;
    return c.json(ownedAnchorSet(await cj.listAnchors(assignment_id, user.userId, correlationId), assignment_id));
  });
}
