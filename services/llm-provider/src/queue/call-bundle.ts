import { parseBundleAnswer } from "../bundling/bundle-answer.ts";
import { buildBundlePrompt } from "../bundling/bundle-prompt.ts";
import { ProviderError, UnparseableAnswerError } from "../domain/errors.ts";
import type { RequestRow } from "../db/request-repository.ts";
import { RequestKind } from "../db/request-states.ts";
import { accountingOf, accountingOfFailure, recordCall, resultErrorOf, shareOf } from "./call-accounting.ts";
import { type Answered, type CallDeps, callSingle } from "./call-single.ts";
import { errorResult, outcomeOf, successResult } from "./result-events.ts";

/** What became of the requests a worker took. */
export interface CallOutcome {
  answered: Answered[];
  aborted: RequestRow[];
}

/**
 * Serial bundling: one vendor call for several compatible comparisons (same provider, model,
 * language, instructions and prompt). Each verdict is matched to its request by the pair number it
 * carries; a request whose verdict is missing or broken gets an error result of its own.
 * Requests whose call `signal` aborted come back in `aborted` (they return to the queue).
 */
export async function callBundle(deps: CallDeps, rows: RequestRow[], signal: AbortSignal): Promise<CallOutcome> {
  const head = rows[0];
  const provider = head ? deps.providers.get(head.provider) : undefined;
  if (!head || rows.length === 1 || !provider?.completeText) {
    // Nothing to bundle with (or a provider that cannot take a custom prompt): one call each.
    const outcome: CallOutcome = { answered: [], aborted: [] };
    for (const row of rows) {
      const one = signal.aborted ? undefined : await callSingle(deps, row, signal);
      if (one) outcome.answered.push(one);
      else outcome.aborted.push(row);
    }
    return outcome;
  }
  const requests = rows.map((row) => {
    if (row.payload.kind !== RequestKind.COMPARISON) throw new Error(`request ${row.requestId} is not a comparison and cannot be bundled`);
    return row.payload.request;
  });
  const first = requests[0] as (typeof requests)[number];
  const pairs = requests.map((r, i) => ({ index: i + 1, essayA: r.essay_a.text ?? "", essayB: r.essay_b.text ?? "" }));
  const prompt = buildBundlePrompt({ language: first.language, instructions: first.instructions, prompt_text: first.prompt_text }, pairs);
  const started = performance.now();
  const ids = rows.map((r) => r.requestId);
  try {
    const call = await provider.completeText(prompt, {
      model: head.model, maxTokens: deps.maxTokens * rows.length, json: true, signal, correlationId: head.correlationId,
    });
    const acc = accountingOf(call);
    recordCall(deps.metrics, acc, "success", rows.length);
    const verdicts = parseBundleAnswer(call.result, rows.length, provider.name);
    const answered = rows.map((row, i): Answered => {
      const share = shareOf(acc, rows.length, i);
      const verdict = verdicts[i] ?? new UnparseableAnswerError(`no verdict for pair ${i + 1}`, "", provider.name);
      if (verdict instanceof UnparseableAnswerError) {
        deps.logger.warn("bundled answer lacks a usable verdict for a request", { request_id: row.requestId, pair: i + 1, reason: verdict.details.reason });
        // Asking again (bundled differently or alone) can give the verdict this answer lacked.
        const error = { code: verdict.code, message: verdict.message, retryable: true };
        return { row, result: errorResult(row.requestId, row.payload, share, error) };
      }
      return { row, result: successResult(row.requestId, row.payload, share, verdict) };
    });
    return { answered, aborted: [] };
  } catch (error) {
    if (signal.aborted) return { answered: [], aborted: rows };
    const acc = accountingOfFailure(error, head.provider, head.model, performance.now() - started);
    recordCall(deps.metrics, acc, outcomeOf(error instanceof ProviderError ? error.kind : undefined), rows.length);
    const resultError = resultErrorOf(error, deps.logger, ids);
    const answered = rows.map((row, i) => ({ row, result: errorResult(row.requestId, row.payload, shareOf(acc, rows.length, i), resultError) }));
    return { answered, aborted: [] };
  }
}
