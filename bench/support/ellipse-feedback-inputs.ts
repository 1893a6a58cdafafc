/** The local feedback writer's inputs for ELLIPSE essays, batch norms computed as ai-feedback computes them. */
import type { FeedbackEvidenceInput } from "../../services/llm-provider/src/domain/feedback-writer/write-feedback.ts";
import { judgeModelFor } from "../../services/llm-provider/src/providers/judge-models.ts";
import { feedbackTextResources } from "../../services/llm-provider/src/providers/feedback-resources.ts";
import { measureEssay } from "../../shared/text-analysis/essay-profile.ts";
import { batchNormsOf, batchSignalsOf } from "../../shared/text-analysis/batch-signals.ts";
import { batchesOf, type EllipseEssay, ellipseFile, loadEllipseScored, measureAll } from "./ellipse-feedback-corpus.ts";

export type WriterInput = Omit<FeedbackEvidenceInput, "model">;
export interface PreparedEssay {
  readonly essay: EllipseEssay;
  readonly input: WriterInput;
}

/** Every ELLIPSE essay ready for the writer, or undefined when the data is not on this machine. */
export async function prepareEllipse(only?: readonly EllipseEssay[]): Promise<{ file: string; prepared: PreparedEssay[] } | undefined> {
  const file = ellipseFile();
  if (!file) return undefined;
  const essays = only ?? loadEllipseScored(file);
  const measured = await measureAll(file, essays);
  const resources = await feedbackTextResources("en");
  const prepared: PreparedEssay[] = [];
  for (const batch of batchesOf(essays)) {
    const norms = batchNormsOf(batch.map((e) => {
      const m = measured.get(e.id)!;
      return batchSignalsOf(m.metrics, m.correctionCount);
    }));
    for (const essay of batch) {
      const m = measured.get(essay.id)!;
      prepared.push({
        essay,
        input: {
          essay: essay.text, language: "en", profile: measureEssay(essay.text, "en", resources), metrics: m.metrics,
          corrections: m.corrections, correctionCount: m.correctionCount, grammar: m.grammar, batchNorms: norms,
          judge: judgeModelFor("en"),
        },
      });
    }
  }
  return { file, prepared };
}
