import type { components } from "../../../tests/e2e/client/api-gateway.d.ts";

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
