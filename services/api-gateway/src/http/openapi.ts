import { AnchorSetSchema } from "@shared/contracts/anchors.ts";
import { ClientBatchRegistrationRequestSchema, CJSettingsSchema, PipelinePromptPayloadSchema } from "@shared/contracts/batch-registration.ts";
import { LoginRequestSchema, RefreshRequestSchema, RegisterRequestSchema, TokenResponseSchema, UserSchema } from "@shared/contracts/auth.ts";
import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import { TeacherNotificationSchema } from "@shared/contracts/notifications.ts";
import { StorageReferenceMetadataSchema } from "@shared/contracts/storage.ts";
import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { accountsAndClassesComponents, accountsAndClassesRouteDocs } from "./openapi-accounts-classes.ts";
import type { OperationObject, RequestBodyObject } from "openapi3-ts/oas31";
import { SessionResponseSchema } from "./auth-routes.ts";
import { RESULT_COMPONENTS } from "./result-schemas.ts";
import { EssayDetailSchema } from "./result-schemas.ts";
import { batchFileReplaceRouteDocs } from "./batch-file-replace-routes.ts";
import { batchLifecycleRouteDocs } from "./batch-lifecycle-openapi.ts";
import { batchRunControlRouteDocs } from "./batch-run-control-routes.ts";
import {
  AnchorRegistrationRequestSchema, BatchListQuerySchema, BatchListSchema, BatchRegisteredSchema, BatchResultsSchema, BatchStatusViewSchema,
  BatchSummarySchema, CreditBalanceSchema, PipelineEstimateRequestSchema, PipelineEstimateSchema, FileUploadFormSchema, FileUploadResultSchema, MAX_PROMPT_CHARS, PipelineAcceptedSchema, PipelineRequestSchema,
  PromptAmendedSchema, PromptAmendmentRequestSchema, PromptUploadRequestSchema,
} from "./schemas.ts";

const error = (description: string) => ({ description, schema: ErrorDetailSchema });
const batchParam = { batch_id: "The batch id returned at registration" };
const notFound = error("RESOURCE_NOT_FOUND: no such batch for this user (another user's batch is reported the same way)");
const assignmentParam = { assignment_id: "The assignment the anchors belong to (1-100 letters, digits or _ . : -). Ids are per teacher: another teacher's \"X\" is a different assignment" };
const anchorsNotFound = error("RESOURCE_NOT_FOUND: the caller has no anchors for this assignment id (ids are per teacher, so another teacher's anchors are never visible)");
const upstreamDown = { 502: error("EXTERNAL_SERVICE_ERROR: an upstream service is unavailable"), 504: error("TIMEOUT: an upstream service did not answer in time") };
const common = { 401: error("AUTHENTICATION_ERROR: missing, invalid or expired token"), 429: error("RATE_LIMIT: too many requests; see Retry-After") };

const PROMPTS_PATH = "/v1/prompts";
const idempotencyKey = {
  "Idempotency-Key": { description: "Optional: a retry with the same key (1-200 visible ASCII characters) does not register or upload twice", pattern: "^[\\x21-\\x7E]{1,200}$", maxLength: 200 },
};

const csrfHeader = { "X-CSRF-Token": { description: "Required: the huleedu_csrf cookie's value (double-submit CSRF check)", maxLength: 200 } };

export function openApiDocument() {
  const doc = buildOpenApiDocument({
    title: "HuleEdu API Gateway",
    version: "1.0.0",
    description:
      "Public API. Every route except sign-up, login and refresh under `/v1/auth` needs `Authorization: Bearer <access token>` (from `POST /v1/auth/login`, relayed to the identity service). Batches belong to the user who registered them; another user's batch is 404 everywhere. A student prompt uploaded with `POST /v1/prompts` belongs to its uploader: the returned reference is accepted as `student_prompt_ref` and `prompt_payload.cms_prompt_ref` for the uploader only (404 prompt_content_not_found for anyone else). Live updates: `GET /v1/ws` upgrades to a WebSocket (token in `?token=` or `Sec-WebSocket-Protocol: bearer, <token>`) that receives the caller's TeacherNotification messages as JSON. `POST /v1/batches/register` and `POST /v1/files/batch` accept an optional `Idempotency-Key` header (1-200 visible ASCII characters): a retry with the same key does not register or upload twice.",
    components: {
      ClientBatchRegistrationRequest: ClientBatchRegistrationRequestSchema,
      StorageReferenceMetadata: StorageReferenceMetadataSchema,
      CJSettings: CJSettingsSchema,
      PipelinePromptPayload: PipelinePromptPayloadSchema,
      PipelineRequest: PipelineRequestSchema,
      PipelineAccepted: PipelineAcceptedSchema,
      BatchRegistered: BatchRegisteredSchema,
      BatchSummary: BatchSummarySchema,
      BatchList: BatchListSchema,
      PromptAmendmentRequest: PromptAmendmentRequestSchema,
      PromptAmended: PromptAmendedSchema,
      FileUploadForm: FileUploadFormSchema,
      FileUploadResult: FileUploadResultSchema,
      BatchStatusView: BatchStatusViewSchema,
      BatchResults: BatchResultsSchema,
      ...RESULT_COMPONENTS,
      TeacherNotification: TeacherNotificationSchema,
      PromptUploadRequest: PromptUploadRequestSchema,
      AnchorRegistrationRequest: AnchorRegistrationRequestSchema,
      AnchorSet: AnchorSetSchema,
      CreditBalance: CreditBalanceSchema,
      SessionResponse: SessionResponseSchema,
      PipelineEstimateRequest: PipelineEstimateRequestSchema,
      PipelineEstimate: PipelineEstimateSchema,
      EssayDetail: EssayDetailSchema,
      ...accountsAndClassesComponents,
    },
    routes: [
      ...accountsAndClassesRouteDocs,
      {
        method: "post", path: "/v1/auth/register", operationId: "registerUser", summary: "Create a teacher account (relayed to identity; no token needed)", tags: ["auth"],
        body: { schema: RegisterRequestSchema },
        responses: { 201: { description: "Registered", schema: UserSchema }, 400: error("VALIDATION_ERROR with details.fields"), 409: error("CONFLICT: the e-mail address cannot be registered"), 429: error("RATE_LIMIT: too many sign-ups from this address"), ...upstreamDown },
      },
      {
        method: "post", path: "/v1/auth/login", operationId: "login", summary: "Exchange e-mail and password for an access and a refresh token (no token needed)", tags: ["auth"],
        body: { schema: LoginRequestSchema },
        responses: { 200: { description: "Tokens", schema: TokenResponseSchema }, 401: error("AUTHENTICATION_ERROR: wrong e-mail or password"), 429: error("RATE_LIMIT: too many attempts; see Retry-After"), ...upstreamDown },
      },
      {
        method: "post", path: "/v1/auth/refresh", operationId: "refreshTokens", summary: "Rotate a refresh token into new tokens (no access token needed)", tags: ["auth"],
        body: { schema: RefreshRequestSchema },
        responses: { 200: { description: "New tokens; the old refresh token is spent", schema: TokenResponseSchema }, 401: error("AUTHENTICATION_ERROR: refresh token invalid, expired or already used"), ...upstreamDown },
      },
      {
        method: "get", path: "/v1/auth/me", operationId: "currentUser", summary: "The account the access token belongs to", tags: ["auth"], security: "bearer",
        responses: { 200: { description: "The user", schema: UserSchema }, 401: error("AUTHENTICATION_ERROR: missing, invalid or expired token"), ...upstreamDown },
      },
      {
        method: "post", path: "/v1/auth/session", operationId: "startSession", summary: "Browser sign-in: sets huleedu_refresh (HttpOnly, SameSite=Strict, Path=/v1/auth/session, Secure over https) and huleedu_csrf (readable by the page); keep the access token in memory", tags: ["auth"],
        body: { schema: LoginRequestSchema },
        responses: { 200: { description: "Signed in", schema: SessionResponseSchema }, 400: error("VALIDATION_ERROR with details.fields"), 401: error("AUTHENTICATION_ERROR: wrong e-mail or password"), 429: error("RATE_LIMIT: too many attempts; see Retry-After"), ...upstreamDown },
      },
      {
        method: "post", path: "/v1/auth/session/refresh", operationId: "refreshSession", summary: "New access token from the session cookie (rotates the refresh cookie)", tags: ["auth"], headers: csrfHeader,
        responses: {
          200: { description: "New access token", schema: SessionResponseSchema },
          401: error("AUTHENTICATION_ERROR: no session cookie, or the refresh token is invalid, expired or spent (the cookies are cleared)"),
          403: error("AUTHORIZATION_ERROR: X-CSRF-Token does not match the huleedu_csrf cookie (details.reason = csrf_token_mismatch) or the Origin is not allowed"),
          ...upstreamDown,
        },
      },
      {
        method: "delete", path: "/v1/auth/session", operationId: "endSession", summary: "Sign out: clear the session cookies", tags: ["auth"], headers: csrfHeader,
        responses: { 204: { description: "Signed out" }, 403: error("AUTHORIZATION_ERROR: CSRF token mismatch or Origin not allowed") },
      },
      {
        method: "post", path: "/v1/batches/register", operationId: "registerBatch", summary: "Register a batch (optionally with a student prompt reference)", tags: ["batches"], security: "bearer", headers: idempotencyKey,
        body: { schema: ClientBatchRegistrationRequestSchema },
        responses: { 201: { description: "Registered", schema: BatchRegisteredSchema }, 400: error("VALIDATION_ERROR with details.fields"), ...common },
      },
      {
        method: "post", path: PROMPTS_PATH, operationId: "uploadPrompt", summary: "Store a student prompt text; the answer is the reference to attach to a batch", tags: ["prompts"], security: "bearer",
        body: { schema: PromptUploadRequestSchema, description: `JSON {"text": …} or a text/plain; charset=utf-8 body; 1-${MAX_PROMPT_CHARS} characters after trimming` },
        responses: {
          201: { description: "Stored; pass this as student_prompt_ref or prompt_payload.cms_prompt_ref", schema: StorageReferenceMetadataSchema },
          400: error("VALIDATION_ERROR: empty, too long, or not UTF-8"),
          413: error("PAYLOAD_TOO_LARGE: the body is too large"),
          415: error("UNSUPPORTED_MEDIA_TYPE: neither application/json nor UTF-8 text/plain"),
          ...upstreamDown, ...common,
        },
      },
      {
        method: "get", path: "/v1/batches", operationId: "listBatches", summary: "The caller's batches", tags: ["batches"], security: "bearer",
        query: BatchListQuerySchema,
        responses: { 200: { description: "Batches", schema: BatchListSchema }, ...common },
      },
      {
        method: "get", path: "/v1/batches/{batch_id}", operationId: "getBatch", summary: "Status and counts of one batch", tags: ["batches"], security: "bearer",
        params: batchParam,
        responses: { 200: { description: "The batch", schema: BatchSummarySchema }, 404: notFound, ...common },
      },
      {
        method: "patch", path: "/v1/batches/{batch_id}/prompt", operationId: "amendBatchPrompt", summary: "Attach or replace the student prompt reference", tags: ["batches"], security: "bearer",
        params: batchParam, body: { schema: PromptAmendmentRequestSchema },
        responses: {
          200: { description: "Prompt attached", schema: PromptAmendedSchema },
          400: error("VALIDATION_ERROR: malformed reference, or no student_prompt_text in it"),
          404: error("RESOURCE_NOT_FOUND: no such batch, or details.reason = prompt_content_not_found"),
          409: error("CONFLICT: a pipeline is running (details.reason = pipeline_running)"),
          ...common,
        },
      },
      {
        method: "post", path: "/v1/files/batch", operationId: "uploadBatchFiles", summary: "Upload essay files (.txt, .docx, .pdf) to a batch awaiting content", tags: ["files"], security: "bearer", headers: idempotencyKey,
        body: { schema: FileUploadFormSchema, contentType: "multipart/form-data", description: "Fields: batch_id and one or more files" },
        responses: {
          202: { description: "Per file: accepted for processing, or why not", schema: FileUploadResultSchema },
          400: error("VALIDATION_ERROR: no files, too many files, missing batch_id"),
          404: notFound,
          409: error("CONFLICT: the batch no longer accepts files"),
          413: error("PAYLOAD_TOO_LARGE: a file or the upload is too large"),
          415: error("UNSUPPORTED_MEDIA_TYPE: not multipart/form-data"),
          ...common,
        },
      },
      {
        method: "post", path: "/v1/batches/{batch_id}/pipelines", operationId: "requestPipeline", summary: "Run a pipeline over a ready or completed batch", tags: ["pipelines"], security: "bearer",
        params: batchParam, body: { schema: PipelineRequestSchema },
        responses: {
          202: { description: "Accepted; progress arrives on the WebSocket", schema: PipelineAcceptedSchema },
          404: error("RESOURCE_NOT_FOUND: no such batch, or details.reason = prompt_content_not_found"),
          409: error("CONFLICT: BOS does not admit a pipeline now (details.reason = pipeline_in_progress, batch_not_ready or no_essays; the batch summary's pipeline_admission says the same)"),
          ...common,
        },
      },
      {
        method: "post", path: "/v1/batches/{batch_id}/pipelines/estimate", operationId: "estimatePipelineCost", summary: "The credits a pipeline would cost on this batch (priced by entitlements; nothing is reserved)", tags: ["pipelines"], security: "bearer",
        params: batchParam, body: { schema: PipelineEstimateRequestSchema },
        responses: { 200: { description: "The estimate and the balance it is drawn from", schema: PipelineEstimateSchema }, 404: notFound, ...upstreamDown, ...common },
      },
      {
        method: "get", path: "/v1/batches/{batch_id}/status", operationId: "getBatchStatus", summary: "Aggregated processing status", tags: ["pipelines"], security: "bearer",
        params: batchParam,
        responses: { 200: { description: "Status", schema: BatchStatusViewSchema }, 404: notFound, ...common },
      },
      {
        method: "get", path: "/v1/batches/{batch_id}/results", operationId: "getBatchResults", summary: "Aggregated per-essay results", tags: ["pipelines"], security: "bearer",
        params: batchParam,
        responses: { 200: { description: "Results", schema: BatchResultsSchema }, 404: notFound, ...common },
      },
      {
        method: "get", path: "/v1/batches/{batch_id}/essays/{essay_id}", operationId: "getEssay", summary: "One essay's result with its original text and full feedback", tags: ["pipelines"], security: "bearer",
        params: { ...batchParam, essay_id: "An essay id from the batch's results" },
        responses: { 200: { description: "The essay", schema: EssayDetailSchema }, 404: error("RESOURCE_NOT_FOUND: no such batch for this user, or no such essay in it"), ...upstreamDown, ...common },
      },
      {
        method: "post", path: "/v1/assignments/{assignment_id}/anchors", operationId: "registerAnchors", summary: "Register or replace (by anchor_id) graded anchor essays for an assignment", tags: ["anchors"], security: "bearer",
        params: assignmentParam, body: { schema: AnchorRegistrationRequestSchema },
        responses: {
          201: { description: "The assignment's anchor set (texts not included)", schema: AnchorSetSchema },
          400: error("VALIDATION_ERROR with details.fields: malformed body, unknown grade scale, or a grade not on the scale"),
          409: error("CONFLICT: the assignment's anchors use another grade scale (details.grade_scale, details.requested_grade_scale), or too many anchors (details.max_anchors)"),
          413: error("PAYLOAD_TOO_LARGE: the body is too large"),
          ...upstreamDown, ...common,
        },
      },
      {
        method: "get", path: "/v1/assignments/{assignment_id}/anchors", operationId: "listAnchors", summary: "The assignment's anchor set (texts not included)", tags: ["anchors"], security: "bearer",
        params: assignmentParam,
        responses: { 200: { description: "The assignment's anchor set", schema: AnchorSetSchema }, 404: anchorsNotFound, ...upstreamDown, ...common },
      },
      {
        method: "get", path: "/v1/credits", operationId: "getCredits", summary: "The caller's credit balance (the organisation's account when it pays)", tags: ["credits"], security: "bearer",
        responses: { 200: { description: "Remaining and consumed credits", schema: CreditBalanceSchema }, ...upstreamDown, ...common },
      },
      {
        method: "get", path: "/v1/ws", operationId: "notificationsSocket", summary: "WebSocket of the caller's live notifications (TeacherNotification JSON messages)", tags: ["notifications"], security: "bearer",
        responses: { 101: { description: "Switching protocols; each message is a TeacherNotification", schema: TeacherNotificationSchema }, 400: error("VALIDATION_ERROR: not a WebSocket upgrade"), ...common },
      },
      ...batchLifecycleRouteDocs,
      ...batchFileReplaceRouteDocs,
      ...batchRunControlRouteDocs,
    ],
  });
  // The route builder documents one body media type; the prompt upload also takes plain text.
  const upload = doc.paths?.[PROMPTS_PATH]?.post as OperationObject | undefined;
  const body = upload?.requestBody as RequestBodyObject | undefined;
  if (body) body.content["text/plain"] = { schema: { type: "string", minLength: 1, maxLength: MAX_PROMPT_CHARS } };
  return doc;
}
