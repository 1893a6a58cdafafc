import * as v from "valibot";
import fitted from "../domain/feedback-writer/feedback-model.json";
import { type FeedbackModel, FeedbackModelSchema } from "../domain/feedback-writer/dimension-model.ts";

let model: FeedbackModel | undefined;

/**
 * The feedback writer's fitted model (scripts/fit-feedback/fit-feedback.ts), checked once per process.
 * @example writeStructuredFeedback({ ...evidence, model: feedbackModel() })
 */
export function feedbackModel(): FeedbackModel {
  model ??= v.parse(FeedbackModelSchema, fitted);
  return model;
}
