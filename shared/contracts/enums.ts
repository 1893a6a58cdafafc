import * as v from "valibot";

/** Values of a string enum object as a tuple, for picklists and CHECK constraints. */
export function enumValues<E extends Record<string, string>>(e: E): [E[keyof E], ...E[keyof E][]] {
  return Object.values(e) as [E[keyof E], ...E[keyof E][]];
}

export const Language = { EN: "en", SV: "sv" } as const;
export type Language = (typeof Language)[keyof typeof Language];
export const LanguageSchema = v.picklist(enumValues(Language));

/** The four processing phases a pipeline is built from. */
export const PhaseName = {
  SPELLCHECK: "spellcheck",
  NLP: "nlp",
  CJ_ASSESSMENT: "cj_assessment",
  AI_FEEDBACK: "ai_feedback",
} as const;
export type PhaseName = (typeof PhaseName)[keyof typeof PhaseName];
export const PhaseNameSchema = v.picklist(enumValues(PhaseName));

export const PipelineName = { ...PhaseName, COMPREHENSIVE: "comprehensive" } as const;
export type PipelineName = (typeof PipelineName)[keyof typeof PipelineName];
export const PipelineNameSchema = v.picklist(enumValues(PipelineName));

export const BatchStatus = {
  AWAITING_CONTENT: "AWAITING_CONTENT",
  READY_FOR_PIPELINE_EXECUTION: "READY_FOR_PIPELINE_EXECUTION",
  PROCESSING_PIPELINES: "PROCESSING_PIPELINES",
  COMPLETED_SUCCESSFULLY: "COMPLETED_SUCCESSFULLY",
  COMPLETED_WITH_FAILURES: "COMPLETED_WITH_FAILURES",
  FAILED_CRITICALLY: "FAILED_CRITICALLY",
} as const;
export type BatchStatus = (typeof BatchStatus)[keyof typeof BatchStatus];
export const BatchStatusSchema = v.picklist(enumValues(BatchStatus));

/** Per-essay lifecycle states; the ELS transition table says which moves are legal. */
export const EssayStatus = {
  AWAITING_CONTENT: "AWAITING_CONTENT",
  READY_FOR_PROCESSING: "READY_FOR_PROCESSING",
  SPELLCHECK_IN_PROGRESS: "SPELLCHECK_IN_PROGRESS",
  SPELLCHECK_SUCCESS: "SPELLCHECK_SUCCESS",
  SPELLCHECK_FAILED: "SPELLCHECK_FAILED",
  NLP_IN_PROGRESS: "NLP_IN_PROGRESS",
  NLP_SUCCESS: "NLP_SUCCESS",
  NLP_FAILED: "NLP_FAILED",
  CJ_ASSESSMENT_IN_PROGRESS: "CJ_ASSESSMENT_IN_PROGRESS",
  CJ_ASSESSMENT_SUCCESS: "CJ_ASSESSMENT_SUCCESS",
  CJ_ASSESSMENT_FAILED: "CJ_ASSESSMENT_FAILED",
  AI_FEEDBACK_IN_PROGRESS: "AI_FEEDBACK_IN_PROGRESS",
  AI_FEEDBACK_SUCCESS: "AI_FEEDBACK_SUCCESS",
  AI_FEEDBACK_FAILED: "AI_FEEDBACK_FAILED",
} as const;
export type EssayStatus = (typeof EssayStatus)[keyof typeof EssayStatus];
export const EssayStatusSchema = v.picklist(enumValues(EssayStatus));

/** How a phase ended for a whole batch. */
export const PhaseOutcomeStatus = {
  COMPLETED_SUCCESSFULLY: "COMPLETED_SUCCESSFULLY",
  COMPLETED_WITH_FAILURES: "COMPLETED_WITH_FAILURES",
  FAILED_CRITICALLY: "FAILED_CRITICALLY",
} as const;
export type PhaseOutcomeStatus = (typeof PhaseOutcomeStatus)[keyof typeof PhaseOutcomeStatus];
export const PhaseOutcomeStatusSchema = v.picklist(enumValues(PhaseOutcomeStatus));

/** State of one phase inside a batch's pipeline state (BOS). */
export const PhaseStatus = {
  PENDING: "PENDING",
  IN_PROGRESS: "IN_PROGRESS",
  COMPLETED_SUCCESSFULLY: "COMPLETED_SUCCESSFULLY",
  COMPLETED_WITH_FAILURES: "COMPLETED_WITH_FAILURES",
  FAILED: "FAILED",
  SKIPPED: "SKIPPED",
} as const;
export type PhaseStatus = (typeof PhaseStatus)[keyof typeof PhaseStatus];
export const PhaseStatusSchema = v.picklist(enumValues(PhaseStatus));

/** Language of a course: ENG* is English, SV* is Swedish. */
export function languageForCourse(courseCode: string): Language {
  return courseCode.toUpperCase().startsWith("SV") ? Language.SV : Language.EN;
}

export const CourseCodeSchema = v.pipe(
  v.string(),
  v.regex(/^(ENG|SV)\d{1,2}$/, "course_code must look like ENG5, ENG6, ENG7, SV1, SV2 or SV3"),
);
