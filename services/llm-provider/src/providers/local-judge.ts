import type { ComparisonResult, ComparisonTask } from "../domain/comparison.ts";
import { extractEssayFeatures } from "../domain/essay-features.ts";
import type { FeedbackResult, FeedbackTask } from "../domain/feedback.ts";
import { writeLocalFeedback } from "../domain/local-feedback.ts";
import { judgeFromFeatures } from "../domain/local-verdict.ts";
import { wordsOf } from "../domain/essay-words.ts";
import { spellingCheckFor } from "./spelling-dictionaries.ts";
import type { CallOptions, LlmProvider, ProviderCall } from "./types.ts";

export const LOCAL_JUDGE_MODEL = "local-judge";

function localCall<T>(result: T, started: number, inputWords: number, outputText: string): ProviderCall<T> {
  return {
    result,
    provider: "local",
    model: LOCAL_JUDGE_MODEL,
    // Words stand in for tokens so that usage metrics are not empty; the cost is zero.
    usage: { input_tokens: inputWords, output_tokens: wordsOf(outputText).length },
    costUsd: 0,
    latencyMs: Math.round(performance.now() - started),
    attempts: 0,
    rateLimits: {},
    rateLimitHeaders: {},
  };
}

/**
 * The default judge: no network, decides from text features (spelling, vocabulary, length,
 * sentence and paragraph structure, relevance to the prompt). Deterministic and position-independent.
 * @example const call = await createLocalJudge().compare(task); call.result.winner
 */
export function createLocalJudge(): LlmProvider {
  return {
    name: "local",
    defaultModel: LOCAL_JUDGE_MODEL,
    async compare(task: ComparisonTask, opts: CallOptions = {}): Promise<ProviderCall<ComparisonResult>> {
      const started = performance.now();
      opts.signal?.throwIfAborted();
      const isCorrect = await spellingCheckFor(task.language);
      const promptText = `${task.prompt_text ?? ""}\n${task.instructions}`;
      const a = extractEssayFeatures(task.essay_a.text, task.language, isCorrect, promptText);
      const b = extractEssayFeatures(task.essay_b.text, task.language, isCorrect, promptText);
      const result = judgeFromFeatures(task, a, b);
      return localCall(result, started, a.wordCount + b.wordCount, result.justification);
    },
    async writeFeedback(task: FeedbackTask, opts: CallOptions = {}): Promise<ProviderCall<FeedbackResult>> {
      const started = performance.now();
      opts.signal?.throwIfAborted();
      const isCorrect = await spellingCheckFor(task.language);
      const features = extractEssayFeatures(task.essay_text, task.language, isCorrect, task.prompt_text ?? "");
      const result = writeLocalFeedback(task, features);
      return localCall(result, started, features.wordCount, result.feedback_text);
    },
  };
}
