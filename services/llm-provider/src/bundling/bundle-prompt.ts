import type { Language } from "@shared/contracts/enums.ts";
import type { VendorPrompt } from "../domain/comparison-prompt.ts";

/** What every pair in a bundle shares (bundles are formed only from requests that agree on it). */
export interface BundleContext {
  language: Language;
  instructions: string;
  prompt_text?: string | null | undefined;
}

/** One pair of a bundle; `index` (1-based) is how its verdict finds its way back. */
export interface BundlePair {
  index: number;
  essayA: string;
  essayB: string;
}

const SYSTEM =
  "You are an experienced teacher assessing student essays by comparative judgement. " +
  "You are given several independent pairs of essays written for the same assignment; for each " +
  "pair you decide which essay is the better piece of writing overall. You answer only with the " +
  "JSON object you are asked for.";

const LANGUAGE_NAME = { en: "English", sv: "Swedish" } as const;

function block(tag: string, text: string): string {
  return `<${tag}>\n${text.trim()}\n</${tag}>`;
}

/**
 * One prompt for several comparisons, asking for a JSON array of verdicts keyed by pair number.
 * Essay ids are never sent; the pair number is the only link back to a request.
 * @example buildBundlePrompt(ctx, [{ index: 1, essayA, essayB }, { index: 2, essayA: c, essayB: d }])
 */
export function buildBundlePrompt(context: BundleContext, pairs: readonly BundlePair[]): VendorPrompt {
  const language = LANGUAGE_NAME[context.language];
  const sections = [
    `The essays are written in ${language} by students.`,
    `## Assignment instructions\n${context.instructions.trim()}`,
  ];
  if (context.prompt_text?.trim()) sections.push(`## Essay prompt given to the students\n${context.prompt_text.trim()}`);
  sections.push(`You will judge ${pairs.length} pairs. Each pair is independent: judge it on its own, without comparing it to the other pairs.`);
  for (const pair of pairs) {
    sections.push(`## Pair ${pair.index}\n### Essay A\n${block("essay_a", pair.essayA)}\n### Essay B\n${block("essay_b", pair.essayB)}`);
  }
  sections.push(
    [
      "For each pair, decide which essay is better overall: how well it answers the assignment, the",
      "quality and organisation of its ideas, and its language (vocabulary, grammar, spelling).",
      "Length alone is not quality. The order in which two essays are shown is random and means nothing.",
      "",
      "Answer with exactly one JSON object and nothing else, with one verdict per pair:",
      '{"verdicts": [{"index": <pair number>, "winner": "essay_a" | "essay_b", "justification": ' +
        `"<one to three sentences in ${language}>", "confidence": <number from 0 to 1>}, …]}`,
      "index is the number of the pair the verdict is for. confidence is how sure you are that the",
      "winner is better (0.5 = a coin toss, 1 = certain).",
    ].join("\n"),
  );
  return { system: SYSTEM, user: sections.join("\n\n") };
}
