import type { ComparisonTask } from "./comparison.ts";

/** What a chat model is sent: a system message and one user message. */
export interface VendorPrompt {
  system: string;
  user: string;
}

const SYSTEM_EN =
  "You are an experienced teacher assessing student essays by comparative judgement. " +
  "You compare two essays written for the same assignment and decide which one is the better " +
  "piece of writing overall. You answer only with the JSON object you are asked for.";

const JUSTIFICATION_LANGUAGE = { en: "English", sv: "Swedish" } as const;
const ESSAY_LANGUAGE = { en: "English", sv: "Swedish" } as const;

/**
 * Render the comparison prompt for a vendor model. Essays are labelled A and B only (ids are
 * never sent), and the model is told that the order carries no information.
 * @example const { system, user } = buildComparisonPrompt(task)
 */
export function buildComparisonPrompt(task: ComparisonTask): VendorPrompt {
  const sections = [
    `The essays are written in ${ESSAY_LANGUAGE[task.language]} by students.`,
    section("Assignment instructions", task.instructions),
  ];
  if (task.prompt_text?.trim()) sections.push(section("Essay prompt given to the students", task.prompt_text));
  sections.push(
    section("Essay A", task.essay_a.text, "essay_a"),
    section("Essay B", task.essay_b.text, "essay_b"),
    [
      "Decide which essay is better overall: how well it answers the assignment, the quality and",
      "organisation of its ideas, and its language (vocabulary, grammar, spelling). Length alone",
      "is not quality. The order in which the essays are shown is random and means nothing.",
      "",
      "Answer with exactly one JSON object and nothing else:",
      '{"winner": "essay_a" | "essay_b", "justification": "<one to three sentences in ' +
        `${JUSTIFICATION_LANGUAGE[task.language]}>", "confidence": <number from 0 to 1>}`,
      "confidence is how sure you are that the winner is better (0.5 = a coin toss, 1 = certain).",
    ].join("\n"),
  );
  return { system: SYSTEM_EN, user: sections.join("\n\n") };
}

function section(title: string, body: string, tag?: string): string {
  const text = body.trim();
  return tag ? `## ${title}\n<${tag}>\n${text}\n</${tag}>` : `## ${title}\n${text}`;
}

/**
 * A deliberately high token estimate for a prompt (about three characters per token), so a
 * rate limiter that takes this up front never lets real usage overshoot the bucket.
 */
export function estimatePromptTokens(prompt: VendorPrompt): number {
  return Math.ceil((prompt.system.length + prompt.user.length) / 3) + 16;
}
