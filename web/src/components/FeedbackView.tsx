import type { EssayResult } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.ts";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Any structured value as headings, lists and text: the feedback's shape may grow, so nothing is assumed. */
function StructuredValue({ value, depth }: { value: Json; depth: number }) {
  if (value === null || typeof value !== "object") return <span>{String(value)}</span>;
  if (Array.isArray(value)) return <ul>{value.map((v, i) => <li key={i}><StructuredValue value={v} depth={depth + 1} /></li>)}</ul>;
  return (
    <dl class="structured">{Object.entries(value).map(([k, v]) => (
      <div key={k}><dt>{k.replaceAll("_", " ")}</dt><dd><StructuredValue value={v} depth={depth + 1} /></dd></div>
    ))}</dl>
  );
}

export function FeedbackView({ essay, fullText }: { essay: EssayResult; fullText: string | null }) {
  const { t } = useI18n();
  const fb = essay.ai_feedback as (Record<string, unknown> & { feedback_preview?: string | null }) | null;
  if (!fb) return null;
  const structured = fb.feedback && typeof fb.feedback === "object" ? (fb.feedback as Json) : null;
  const text = fullText ?? fb.feedback_preview ?? null;
  return (
    <section aria-labelledby="feedback-title" data-testid="feedback">
      <h2 id="feedback-title">{t("feedback")}</h2>
      {structured ? <StructuredValue value={structured} depth={0} /> : null}
      {text ? <div class="feedback-text">{text.split(/\n{2,}/).map((p, i) => <p key={i}>{p}</p>)}</div> : null}
    </section>
  );
}
