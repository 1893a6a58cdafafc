import type { EssayResult } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.ts";
import { evidenceLine } from "../results/feedback-evidence.ts";

type Structured = NonNullable<NonNullable<EssayResult["ai_feedback"]>["feedback"]>;
type Dimension = Structured["focus_areas"][number]["dimension"];

// The analytic dimensions in the UI's language (the feedback itself is in the course's language).
const DIMENSIONS: Record<"en" | "sv", Record<Dimension, string>> = {
  en: {
    development: "Development", organisation: "Organisation", cohesion: "Cohesion", syntax: "Sentences", vocabulary: "Vocabulary",
    phraseology: "Phrasing", grammar: "Grammar", conventions: "Spelling and punctuation", relevance: "Relevance",
  },
  sv: {
    development: "Utveckling", organisation: "Struktur", cohesion: "Sammanhang", syntax: "Meningsbyggnad", vocabulary: "Ordförråd",
    phraseology: "Formuleringar", grammar: "Grammatik", conventions: "Stavning och skiljetecken", relevance: "Relevans",
  },
};
const HEADINGS = {
  en: { strengths: "Strengths", focus: "To work on", next: "Next step", rewrite: "could be", evidence: "Measured" },
  sv: { strengths: "Styrkor", focus: "Att arbeta med", next: "Nästa steg", rewrite: "kan bli", evidence: "Uppmätt" },
} as const;

/** Strengths with their quotes, ranked focus areas with quoted examples and rewrites, and the next step. */
function StructuredFeedback({ feedback }: { feedback: Structured }) {
  const { lang } = useI18n();
  const names = DIMENSIONS[lang];
  const h = HEADINGS[lang];
  return (
    <div class="structured" lang={feedback.language}>
      <h3>{h.strengths}</h3>
      <ul>{feedback.strengths.map((s, i) => (
        <li key={i}><strong>{names[s.dimension]}:</strong> {s.point}{s.quote ? <> <q>{s.quote.text}</q></> : null}</li>
      ))}</ul>
      <h3>{h.focus}</h3>
      <ol>{[...feedback.focus_areas].sort((a, b) => a.rank - b.rank).map((f) => (
        <li key={f.rank}>
          <strong>{names[f.dimension]}:</strong> {f.explanation}
          {f.examples.length > 0 ? (
            <ul>{f.examples.map((e, i) => <li key={i}><q>{e.quote.text}</q> {h.rewrite} <q>{e.rewrite}</q></li>)}</ul>
          ) : null}
          {f.evidence.length > 0 ? (
            <p class="evidence"><small>{h.evidence}: {f.evidence.map((e) => evidenceLine(e, lang)).join("; ")}</small></p>
          ) : null}
        </li>
      ))}</ol>
      <h3>{h.next}</h3>
      <p>{feedback.next_step}</p>
    </div>
  );
}

export function FeedbackView({ essay, fullText }: { essay: EssayResult; fullText: string | null }) {
  const { t } = useI18n();
  const fb = essay.ai_feedback;
  if (!fb) return null;
  const text = fullText ?? fb.feedback_preview ?? null;
  return (
    <section aria-labelledby="feedback-title" data-testid="feedback">
      <h2 id="feedback-title">{t("feedback")}</h2>
      {fb.feedback ? <StructuredFeedback feedback={fb.feedback} /> : null}
      {!fb.feedback && text ? <div class="feedback-text">{text.split(/\n{2,}/).map((p, i) => <p key={i}>{p}</p>)}</div> : null}
    </section>
  );
}
