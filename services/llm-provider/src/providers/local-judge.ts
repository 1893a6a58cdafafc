import type { ComparisonResult, ComparisonTask } from "../domain/comparison.ts";
import type { FeedbackResult, FeedbackTask } from "../domain/feedback.ts";
import { judgeFromProfiles } from "../domain/local-verdict.ts";
import { wordsOf } from "@shared/text-analysis/words.ts";
import { type EssayProfile, measureEssay } from "@shared/text-analysis/essay-profile.ts";
import type { Language } from "@shared/contracts/enums.ts";
import { judgeModelFor } from "./judge-models.ts";
import { writeLocalFeedback } from "./local-feedback-writer.ts";
import { loadTextResources } from "./text-resources.ts";
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

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
  });
}

// A batch compares each essay many times: measure each text once.
const PROFILE_CACHE_SIZE = 2000;

function profileCache() {
  const cache = new Map<string, EssayProfile>();
  return async (text: string, language: Language, promptText: string): Promise<EssayProfile> => {
    const key = `${language}\u0000${promptText}\u0000${text}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const profile = measureEssay(text, language, await loadTextResources(language), promptText);
    cache.set(key, profile);
    if (cache.size > PROFILE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return profile;
  };
}

/**
 * The default judge: no network. Scores each essay with the model fitted on real human-scored
 * essays (scripts/fit-judge/): development, vocabulary, spelling, sentences, cohesion, mechanics,
 * organisation. Deterministic and position-independent; its confidence is a probability.
 * Feedback comes from the local feedback writer.
 * @example const call = await createLocalJudge().compare(task); call.result.winner
 */
export function createLocalJudge(options: { comparisonDelayMs?: number } = {}): LlmProvider {
  const profileOf = profileCache();
  const delayMs = options.comparisonDelayMs ?? 0;
  return {
    name: "local",
    defaultModel: LOCAL_JUDGE_MODEL,
    async compare(task: ComparisonTask, opts: CallOptions = {}): Promise<ProviderCall<ComparisonResult>> {
      const started = performance.now();
      opts.signal?.throwIfAborted();
      if (delayMs > 0) await abortableSleep(delayMs, opts.signal);
      const promptText = `${task.prompt_text ?? ""}\n${task.instructions}`;
      const a = await profileOf(task.essay_a.text, task.language, promptText);
      const b = await profileOf(task.essay_b.text, task.language, promptText);
      const result = judgeFromProfiles(task, a, b, judgeModelFor(task.language));
      return localCall(result, started, a.wordCount + b.wordCount, result.justification);
    },
    // Structured feedback from the measured evidence (providers/local-feedback-writer.ts).
    writeFeedback: (task: FeedbackTask, opts: CallOptions = {}): Promise<ProviderCall<FeedbackResult>> => writeLocalFeedback(task, opts),
  };
}
