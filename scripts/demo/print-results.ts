import { spearmanVsIntendedOrder } from "./samples.ts";

type Say = (line: string) => void;
type Results = { essays: Record<string, unknown>[] };
type Essay = {
  file_name?: string;
  spellcheck?: { correction_count?: number; corrections?: { original: string; replacement: string }[] } | null;
  nlp?: { metrics?: Record<string, number | string | null> } | null;
  cj_assessment?: { rank?: number; score?: number; standard_error?: number; grade?: string | null } | null;
  ai_feedback?: { feedback_preview?: string | null; status?: string } | null;
};

const num = (v: unknown, digits = 1) => (typeof v === "number" ? v.toFixed(digits) : "–");

export function printNlpResults(results: Results, say: Say): void {
  say("per-essay results (spellcheck + NLP):");
  say(`  ${"file".padEnd(26)} ${"fixes".padStart(5)} ${"words".padStart(6)} ${"sent.".padStart(6)} ${"MTLD".padStart(6)} ${"Flesch".padStart(7)}  examples`);
  for (const e of results.essays as Essay[]) {
    const m = e.nlp?.metrics ?? {};
    const examples = (e.spellcheck?.corrections ?? []).slice(0, 3).map((c) => `${c.original}→${c.replacement}`).join(", ");
    say(`  ${String(e.file_name).padEnd(26)} ${String(e.spellcheck?.correction_count ?? "–").padStart(5)} ${String(m.word_count ?? "–").padStart(6)} ${String(m.sentence_count ?? "–").padStart(6)} ${num(m.mtld).padStart(6)} ${num(m.flesch_reading_ease).padStart(7)}  ${examples}`);
  }
}

export function printCjResults(results: Results, qualityOrder: string[], say: Say): void {
  const ranked = (results.essays as Essay[]).filter((e) => e.cj_assessment?.rank).sort((x, y) => (x.cj_assessment?.rank ?? 0) - (y.cj_assessment?.rank ?? 0));
  say("comparative judgement (Bradley–Terry):");
  say(`  ${"rank".padStart(4)}  ${"file".padEnd(26)} ${"score".padStart(6)} ${"SE".padStart(5)}  grade  (intended rank)`);
  for (const e of ranked) {
    const cj = e.cj_assessment ?? {};
    say(`  ${String(cj.rank).padStart(4)}  ${String(e.file_name).padEnd(26)} ${num(cj.score, 2).padStart(6)} ${num(cj.standard_error, 2).padStart(5)}  ${String(cj.grade ?? "–").padEnd(5)}  (${qualityOrder.indexOf(String(e.file_name)) + 1})`);
  }
  const names = ranked.map((e) => String(e.file_name));
  if (names.length === qualityOrder.length) say(`  Spearman vs the intended order: ${spearmanVsIntendedOrder(names, qualityOrder).toFixed(3)}`);
}

export function printFeedback(results: Results, say: Say): void {
  say("AI feedback (first lines):");
  for (const e of (results.essays as Essay[]).slice(0, 4)) {
    say(`  ${e.file_name}: ${(e.ai_feedback?.feedback_preview ?? e.ai_feedback?.status ?? "–").replace(/\s+/g, " ").slice(0, 110)}…`);
  }
}
