import type { ComparisonResult, ComparisonTask } from "../domain/comparison.ts";
import type { FeedbackResult, FeedbackTask } from "../domain/feedback.ts";
import { judgeFromProfiles } from "../domain/local-verdict.ts";
import { wordsOf } from "@shared/text-analysis/words.ts";
import { type EssayProfile, measureEssay } from "@shared/text-analysis/essay-profile.ts";
import type { Language } from "@shared/contracts/enums.ts";
import type { JudgeModel } from "../domain/judge-model.ts";
import { grammarCounterFor } from "./grammar-counter.ts";
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

// A batch compares each essay many times: measure (and lint) each text once. The promise is
// cached, so comparisons running at once share one measurement.
const PROFILE_CACHE_SIZE = 2000;

function profileCache() {
  const cache = new Map<string, Promise<EssayProfile>>();
  return (text: string, language: Language, promptText: string, model: JudgeModel): Promise<EssayProfile> => {
    const key = `${language}\u0000${promptText}\u0000${text}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const profile = measure(text, language, promptText, model);
    cache.set(key, profile);
    // A failed measurement is not kept: the next comparison retries.
    profile.catch(() => cache.get(key) === profile && cache.delete(key));
    if (cache.size > PROFILE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return profile;
  };
}

async function measure(text: string, language: Language, promptText: string, model: JudgeModel): Promise<EssayProfile> {
  // Harper only when the model weighs its findings (English; Swedish has no offline grammar checker).
  const counter = model.features.has("grammar_error_rate") ? grammarCounterFor(language) : undefined;
  const [resources, grammar] = await Promise.all([loadTextResources(language), counter?.(text)]);
  return measureEssay(text, language, resources, promptText, { grammarFindings: grammar?.grammar });
}

/**
 * Harper compiles its binary on first use (2–3 s, more on a busy machine): start that when the
 * judge is created, not inside the first comparison. A failed setup is retried on first use.
 */
function warmGrammarChecker(model: JudgeModel): void {
  if (!model.features.has("grammar_error_rate")) return;
  grammarCounterFor("en")?.("Warm up.").catch(() => undefined);
}

/**
 * The default judge: no network. Scores each essay with the model fitted on real human-scored
 * essays (scripts/fit-judge/): development, vocabulary, spelling, sentences, cohesion, mechanics,
 * organisation. Deterministic and position-independent; its confidence is a probability.
 * Feedback comes from the local feedback writer. `modelFor` swaps the fitted models (tests).
 * @example const call = await createLocalJudge().compare(task); call.result.winner
 */
export function createLocalJudge(options: { comparisonDelayMs?: number; modelFor?: (language: Language) => JudgeModel } = {}): LlmProvider {
  const profileOf = profileCache();
  const delayMs = options.comparisonDelayMs ?? 0;
  const modelFor = options.modelFor ?? judgeModelFor;
  warmGrammarChecker(modelFor("en"));
  return {
    name: "local",
    defaultModel: LOCAL_JUDGE_MODEL,
    async compare(task: ComparisonTask, opts: CallOptions = {}): Promise<ProviderCall<ComparisonResult>> {
      const started = performance.now();
      opts.signal?.throwIfAborted();
      if (delayMs > 0) await abortableSleep(delayMs, opts.signal);
      const promptText = `${task.prompt_text ?? ""}\n${task.instructions}`;
      const model = modelFor(task.language);
      const [a, b] = await Promise.all([
        profileOf(task.essay_a.text, task.language, promptText, model),
        profileOf(task.essay_b.text, task.language, promptText, model),
      ]);
      const result = judgeFromProfiles(task, a, b, model);
      return localCall(result, started, a.wordCount + b.wordCount, result.justification);
    },
    // Structured feedback from the measured evidence (providers/local-feedback-writer.ts).
    writeFeedback: (task: FeedbackTask, opts: CallOptions = {}): Promise<ProviderCall<FeedbackResult>> => writeLocalFeedback(task, opts),
  };
}
