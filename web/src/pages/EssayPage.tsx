import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { api } from "../api/client.ts";
import type { EssayDetail } from "../api/types.ts";
import { FeedbackView } from "../components/FeedbackView.tsx";
import { GradeDistribution } from "../components/GradeDistribution.tsx";
import { hasChosenLang, useI18n } from "../i18n/i18n.ts";
import { segmentText } from "../results/highlight.ts";
import { studentLabel } from "../results/rows.ts";

/** One essay: its grade distribution, its text with the spelling corrections marked in place, metrics and the full feedback. */
export function EssayPage() {
  const { t, setLang } = useI18n();
  const { params } = useRoute();
  const batchId = params.batchId ?? "";
  const essayId = params.essayId ?? "";
  const [detail, setDetail] = useState<EssayDetail | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    void api.GET("/v1/batches/{batch_id}/essays/{essay_id}", { params: { path: { batch_id: batchId, essay_id: essayId } } })
      .then(({ data }) => (data ? setDetail(data) : setMissing(true)));
  }, [batchId, essayId]);
  // Opened on its own (a link, a new tab): a Swedish course's essay is shown in Swedish unless the teacher chose a language.
  useEffect(() => {
    if (hasChosenLang()) return;
    void api.GET("/v1/batches/{batch_id}", { params: { path: { batch_id: batchId } } })
      .then(({ data }) => { if (data?.course_code && !hasChosenLang()) setLang(data.course_code.toUpperCase().startsWith("SV") ? "sv" : "en", false); });
  }, [batchId]);
  if (missing) return <p role="alert">{t("no_text")}</p>;
  if (!detail) return <p role="status">{t("loading")}</p>;
  const { essay } = detail;
  const corrections = essay.spellcheck?.corrections ?? [];
  const metrics = Object.entries(essay.nlp?.metrics ?? {}).filter(([, v]) => v !== null);
  const cj = essay.cj_assessment;
  return (
    <article aria-labelledby="essay-title" class="stack">
      <p><a href={`/batches/${batchId}`}>← {t("back_to_batch")}</a></p>
      <h1 id="essay-title">{t("essay_title")}: {studentLabel(essay)}</h1>
      {cj ? <p class="summary">{t("col_rank")} {cj.rank} · {t("col_score")} {cj.score.toFixed(2)} ± {cj.standard_error.toFixed(2)} · {t("col_grade")} {cj.grade ?? "—"}</p> : null}
      {cj ? <GradeDistribution probabilities={cj.grade_probabilities} grade={cj.grade} uncertain={cj.grade_uncertain === true} /> : null}
      <section aria-labelledby="text-title">
        <h2 id="text-title">{t("text_with_corrections")} ({corrections.length})</h2>
        {detail.text === null ? <p>{t("no_text")}</p> : (
          <div class="essay-text" data-testid="essay-text">{segmentText(detail.text, corrections).map((s, i) =>
            s.kind === "text" ? s.text : (
              <mark key={i} class="correction" title={t("corrected_to", { original: s.text, replacement: s.replacement })}>
                <del>{s.text}</del><ins>{s.replacement}</ins>
              </mark>
            ))}</div>
        )}
      </section>
      {metrics.length ? (
        <section aria-labelledby="metrics-title">
          <h2 id="metrics-title">{t("metrics")}</h2>
          <dl class="metrics">{metrics.map(([k, v]) => <div key={k}><dt>{k.replaceAll("_", " ")}</dt><dd>{typeof v === "number" ? Math.round(v * 100) / 100 : v}</dd></div>)}</dl>
        </section>
      ) : null}
      <FeedbackView essay={essay} fullText={detail.feedback_text} />
      {essay.failures.length ? <section><h2>{t("failures")}</h2><ul>{essay.failures.map((f, i) => <li key={i}>⚠ {f.phase}: {f.message}</li>)}</ul></section> : null}
    </article>
  );
}
