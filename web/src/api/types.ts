import type { components, paths } from "../../../tests/e2e/client/api-gateway.d.ts";

type Schemas = components["schemas"];
export type EssayResult = Schemas["EssayResultView"];
export type BatchResults = Schemas["BatchResults"];
export type BatchStatusView = Schemas["BatchStatusView"];
export type BatchSummary = Schemas["BatchSummary"];
export type CjBatchSummary = Schemas["CjBatchSummaryView"];
export type EssayDetail = Schemas["EssayDetail"];
export type AnchorSet = Schemas["AnchorSet"];
export type Notification = Schemas["TeacherNotification"];
export type PipelineName = Schemas["PipelineRequest"]["requested_pipeline"];
export type PipelineEstimate = Schemas["PipelineEstimate"];
export type FileUploadResult = Schemas["FileUploadResult"];
export type Profile = Schemas["Profile"];

export const PIPELINES: PipelineName[] = ["spellcheck", "nlp", "cj_assessment", "ai_feedback", "comprehensive"];

// The gateway passes BOS's and RAS's further fields through; these are the ones the page reads
// (the OpenAPI schemas of BatchSummary and BatchStatusView do not list them yet).
export type NamedBatch = BatchSummary & { name?: string | null };
export type BatchStatusWithControl = BatchStatusView & { name?: string | null; cancellation?: RunCancellation | null };
export interface RunCancellation { pipeline: string; run_id: string; cancelled_phases: string[]; cancelled_at: string }
export type BatchFile = paths["/v1/batches/{batch_id}/files"]["get"]["responses"][200]["content"]["application/json"]["files"][number];
export type RetryPhase = NonNullable<paths["/v1/batches/{batch_id}/retry-phase"]["post"]["requestBody"]>["content"]["application/json"]["phase"];
