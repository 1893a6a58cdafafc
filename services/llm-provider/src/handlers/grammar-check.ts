import * as v from "valibot";
import { EssayGrammarCheckSchema, type GrammarCheckResponse } from "@shared/contracts/grammar.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { type ContentClient, UnusableContentError } from "@shared/http/content-client.ts";

/**
 * The NLP phase's grammar check of the essay, read by its storage id; undefined when there is none
 * to be had (no id, gone, not the shape agreed, or a check of another text than the one we quote):
 * feedback is then written without it. A content outage is thrown so the request is retried.
 */
export async function readGrammarCheck(
  ref: { grammarStorageId: string | null | undefined; textStorageId: string | undefined },
  content: ContentClient,
  correlationId: string,
  logger?: Logger,
): Promise<GrammarCheckResponse | undefined> {
  if (!ref.grammarStorageId) return undefined;
  let raw: string;
  try {
    raw = await content.fetchText(ref.grammarStorageId, correlationId);
  } catch (err) {
    if (!(err instanceof UnusableContentError)) throw err;
    logger?.warn("grammar check not found; feedback is written without it", { grammar_storage_id: ref.grammarStorageId });
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = null;
  }
  const check = v.safeParse(EssayGrammarCheckSchema, parsed);
  if (!check.success || check.output.text_storage_id !== ref.textStorageId) {
    logger?.warn("grammar check unusable (shape, or another text); feedback is written without it", { grammar_storage_id: ref.grammarStorageId });
    return undefined;
  }
  const { language, checker, issues, counts } = check.output;
  return { language, checker, issues, counts };
}
