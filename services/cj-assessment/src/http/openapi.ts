import type { OperationObject, ParameterObject } from "openapi3-ts/oas31";
import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { AnchorSetSchema } from "@shared/contracts/anchors.ts";
import { anchorRegistrationSchema, DEFAULT_ANCHOR_LIMITS } from "./schemas.ts";

const ANCHORS_PATH = "/v1/assignments/{assignment_id}/anchors";
const PARAMS = { assignment_id: "The assignment whose batches the anchors join; ids are scoped per caller (X-User-ID)" };

const userIdHeader: ParameterObject = {
  name: "X-User-ID", in: "header", required: true, description: "The calling teacher (set by the API gateway); assignment ids are scoped to this owner",
  schema: { type: "string" },
};

export function openApiDocument() {
  const registration = anchorRegistrationSchema(DEFAULT_ANCHOR_LIMITS);
  const doc = buildOpenApiDocument({
    title: "HuleEdu CJ Assessment Service",
    version: "1.0.0",
    description: "Anchor essays with known grades per assignment; they join the comparative judgement of that assignment's batches.",
    components: { AnchorRegistrationRequest: registration, AnchorSetResponse: AnchorSetSchema },
    routes: [
      {
        method: "post", path: ANCHORS_PATH, operationId: "registerAnchors", summary: "Register or replace anchor essays (by anchor_id) for an assignment",
        security: "internal", params: PARAMS, body: { schema: registration },
        responses: {
          201: { description: "The assignment's anchor set", schema: AnchorSetSchema },
          400: { description: "VALIDATION_ERROR: unknown grade scale or a grade not on it (details.fields)", schema: ErrorDetailSchema },
          409: { description: "The caller's assignment has anchors on another grade scale, or too many anchors", schema: ErrorDetailSchema },
        },
      },
      {
        method: "get", path: ANCHORS_PATH, operationId: "listAnchors", summary: "The assignment's anchor set (texts not included)",
        security: "internal", params: PARAMS,
        responses: { 200: { description: "The assignment's anchor set", schema: AnchorSetSchema }, 404: { description: "The caller has no anchors for this assignment id", schema: ErrorDetailSchema } },
      },
    ],
  });
  // The route builder documents path parameters only; the owner header is added here.
  for (const op of Object.values(doc.paths?.[ANCHORS_PATH] ?? {}) as OperationObject[]) {
    op.parameters = [...(op.parameters ?? []), userIdHeader];
  }
  return doc;
}
