import type * as v from "valibot";
import { BatchEssaysRegisteredTopic, BatchPipelineCompletedTopic, BatchStatusChangedTopic, PHASE_COMMAND_TOPICS, PipelineDeniedTopic } from "@shared/contracts/events/batch.ts";
import { AssessmentResultPublishedTopic, type CJGradeProjectionSummary } from "@shared/contracts/events/cj-results.ts";
import { BatchContentProvisioningCompletedTopic, ELSBatchPhaseOutcomeTopic, EssaySlotAssignedTopic } from "@shared/contracts/events/els.ts";
import { EssayAIFeedbackCompletedTopic, EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { PhaseName } from "@shared/contracts/enums.ts";
import type { Topic } from "@shared/contracts/topics.ts";
import type { StructuredFeedback } from "@shared/contracts/feedback.ts";

/** Structured feedback as ai-feedback passes it on (the first essay's). */
export const STRUCTURED_FEEDBACK: StructuredFeedback = {
  language: "en",
  strengths: [{ dimension: "organisation", point: "Clear structure.", quote: { text: "In conclusion", start: 300, end: 313 } }],
  focus_areas: [{ dimension: "conventions", rank: 1, explanation: "Proofread.", examples: [{ quote: { text: "teh", start: 4, end: 7 }, rewrite: "the" }], evidence: [] }],
  next_step: "Proofread one paragraph at a time.",
};

export const CJ_GRADE_PROJECTION: CJGradeProjectionSummary = {
  status: "projected", message: "Grades projected from 1 anchors on Swedish A–F; 1 of 2 essays are uncertain and worth a look.",
  anchors_used: 1, distribution: { F: 0, E: 0, D: 0, C: 1, B: 1, A: 0 }, uncertain_count: 1,
  boundaries: [{ lower_grade: "C", upper_grade: "B", score: 0.2, standard_error: 0.6 }],
};

export const CONSUMED_TOPICS: Topic[] = [
  BatchEssaysRegisteredTopic, EssaySlotAssignedTopic, BatchContentProvisioningCompletedTopic, BatchStatusChangedTopic, PipelineDeniedTopic,
  BatchPipelineCompletedTopic, ...Object.values(PHASE_COMMAND_TOPICS), ELSBatchPhaseOutcomeTopic, EssaySpellcheckCompletedTopic,
  EssayNlpCompletedTopic, EssayAIFeedbackCompletedTopic, AssessmentResultPublishedTopic,
];

/** One event of a scenario: its topic and data. */
export interface Step {
  topic: Topic;
  data: unknown;
}
const step = <S extends v.GenericSchema>(topic: Topic<S>, data: v.InferInput<S>): Step => ({ topic, data });

export function registration(batchId: string, userId: string, essayIds: string[]): Step {
  return step(BatchEssaysRegisteredTopic, {
    batch_id: batchId, expected_essay_count: essayIds.length, essay_ids: essayIds, course_code: "ENG5", language: "en",
    essay_instructions: "Write about your summer.", user_id: userId, org_id: "org-1", class_id: "9A", assignment_id: "assignment-1",
    student_prompt_ref: { references: { student_prompt_text: { storage_id: "prompt-1" } } },
  });
}

export function phaseCommand(batchId: string, userId: string, phase: PhaseName, essays: { essay_id: string; text_storage_id: string }[]): Step {
  return step(PHASE_COMMAND_TOPICS[phase], {
    batch_id: batchId, phase, pipeline: "comprehensive", user_id: userId, language: "en", course_code: "ENG5",
    essay_instructions: "Write about your summer.", essays,
  });
}

export const outcome = (batchId: string, phase: PhaseName, status: "COMPLETED_SUCCESSFULLY" | "COMPLETED_WITH_FAILURES" | "FAILED_CRITICALLY",
  processed: { essay_id: string; text_storage_id: string }[], failed: string[]): Step =>
  step(ELSBatchPhaseOutcomeTopic, { batch_id: batchId, phase, status, processed_essays: processed, failed_essay_ids: failed });

export const statusChanged = (batchId: string, userId: string, status: v.InferInput<typeof BatchStatusChangedTopic.schema>["status"]): Step =>
  step(BatchStatusChangedTopic, { batch_id: batchId, user_id: userId, status });

export const denial = (batchId: string, userId: string): Step =>
  step(PipelineDeniedTopic, {
    batch_id: batchId, requested_pipeline: "cj_assessment", user_id: userId, error_code: "BCS_PIPELINE_COMPATIBILITY_FAILED",
    compatibility_issue: "prompt_not_attached", message: "cj_assessment needs a student prompt",
  });

export const spellcheckResult = (batchId: string, essayId: string, ok: boolean): Step =>
  step(EssaySpellcheckCompletedTopic, ok
    ? {
      batch_id: batchId, essay_id: essayId, status: "success", language: "en", original_text_storage_id: `orig-${essayId}`,
      corrected_text_storage_id: `corr-${essayId}`, word_count: 120, correction_count: 2,
      corrections: [{ offset: 4, original: "teh", replacement: "the" }, { offset: 30, original: "recieve", replacement: "receive" }],
    }
    : {
      batch_id: batchId, essay_id: essayId, status: "failed", language: "en", original_text_storage_id: `orig-${essayId}`,
      corrected_text_storage_id: null, word_count: 0, correction_count: 0, corrections: [],
      error: { code: "PROCESSING_ERROR", message: "the text could not be decoded" },
    });

/**
 * A comprehensive pipeline over three essays after registration; the third essay fails spellcheck
 * and so takes no further part.
 */
export function comprehensiveRun(batchId: string, userId: string, essayIds: [string, string, string]): Step[] {
  const [e1, e2, e3] = essayIds;
  const original = (id: string) => ({ essay_id: id, text_storage_id: `orig-${id}` });
  const corrected = (id: string) => ({ essay_id: id, text_storage_id: `corr-${id}` });
  return [
    ...essayIds.map((id, i) => step(EssaySlotAssignedTopic, {
      batch_id: batchId, essay_id: id, file_upload_id: `upload-${i}`, original_file_name: `essay-${i + 1}.txt`, text_storage_id: `orig-${id}`,
    })),
    step(BatchContentProvisioningCompletedTopic, {
      batch_id: batchId, expected_count: 3, provisioned_count: 3,
      essays: essayIds.map((id, i) => ({
        essay_id: id, text_storage_id: `orig-${id}`, original_file_name: `essay-${i + 1}.txt`, file_upload_id: `upload-${i}`,
        student_name: `Student ${i + 1}`, student_email: `s${i + 1}@school.example`,
      })),
      failures: [{ file_upload_id: "upload-x", original_file_name: "extra.pdf", error_code: "VALIDATION_ERROR", message: "empty document" }],
    }),
    statusChanged(batchId, userId, "READY_FOR_PIPELINE_EXECUTION"),
    statusChanged(batchId, userId, "PROCESSING_PIPELINES"),
    phaseCommand(batchId, userId, "spellcheck", essayIds.map(original)),
    spellcheckResult(batchId, e1, true),
    spellcheckResult(batchId, e2, true),
    spellcheckResult(batchId, e3, false),
    outcome(batchId, "spellcheck", "COMPLETED_WITH_FAILURES", [corrected(e1), corrected(e2)], [e3]),
    phaseCommand(batchId, userId, "nlp", [corrected(e1), corrected(e2)]),
    ...[e1, e2].map((id, i) => step(EssayNlpCompletedTopic, {
      batch_id: batchId, essay_id: id, status: "success", language: "en", text_storage_id: `corr-${id}`, metrics_storage_id: `metrics-${id}`,
      metrics: { word_count: 120 + i, flesch_reading_ease: 61.5 + i, mtld: null, language: "en" },
    })),
    outcome(batchId, "nlp", "COMPLETED_SUCCESSFULLY", [corrected(e1), corrected(e2)], []),
    phaseCommand(batchId, userId, "cj_assessment", [corrected(e1), corrected(e2)]),
    outcome(batchId, "cj_assessment", "COMPLETED_SUCCESSFULLY", [corrected(e1), corrected(e2)], []),
    step(AssessmentResultPublishedTopic, {
      batch_id: batchId, user_id: userId, assignment_id: "assignment-1", grade_scale: "swedish_a_f", comparisons_made: 3, finish_reason: "pairs_exhausted",
      essays: [
        { essay_id: e2, rank: 1, score: 0.8, standard_error: 0.4, grade: "B", grade_probabilities: { A: 0.2, B: 0.6, C: 0.2 }, grade_uncertain: false, is_anchor: false },
        // As an older producer sends it: no grade_uncertain.
        { essay_id: e1, rank: 2, score: -0.3, standard_error: 0.5, grade: "C", grade_probabilities: { B: 0.3, C: 0.5, D: 0.2 }, is_anchor: false },
      ],
      anchors: [{ anchor_id: "anchor-c", grade: "C", score: -0.5 }],
      grade_projection: CJ_GRADE_PROJECTION,
      statistics: {
        comparisons_made: 3, comparisons_per_essay: 2, soft_outcomes: 3, scale_separation_reliability: 0.41, split_half_reliability: null, expected_rank_agreement: 0.62,
      },
    }),
    phaseCommand(batchId, userId, "ai_feedback", [corrected(e1), corrected(e2)]),
    ...[e1, e2].map((id) => step(EssayAIFeedbackCompletedTopic, {
      batch_id: batchId, essay_id: id, status: "success", text_storage_id: `corr-${id}`, feedback_storage_id: `feedback-${id}`,
      feedback_preview: `Good structure in ${id}.`, provider: "local", ...(id === e1 ? { feedback: STRUCTURED_FEEDBACK } : {}),
    })),
    outcome(batchId, "ai_feedback", "COMPLETED_SUCCESSFULLY", [corrected(e1), corrected(e2)], []),
    step(BatchPipelineCompletedTopic, {
      batch_id: batchId, user_id: userId, pipeline: "comprehensive", final_status: "COMPLETED_WITH_FAILURES",
      completed_phases: ["spellcheck", "nlp", "cj_assessment", "ai_feedback"], failed_essay_ids: [e3],
    }),
    statusChanged(batchId, userId, "COMPLETED_WITH_FAILURES"),
  ];
}
