import { useI18n } from "../i18n/i18n.ts";
import { gradeDistribution } from "../results/grade-distribution.ts";

/**
 * An essay's projected grade distribution as a bar list, best grade first. The percent is written
 * next to every bar and the shown grade is named in words, so nothing depends on colour or length.
 */
export function GradeDistribution({ probabilities, grade, uncertain }: { probabilities: Readonly<Record<string, number>>; grade: string | null; uncertain: boolean }) {
  const { t } = useI18n();
  const shares = gradeDistribution(probabilities);
  if (!shares.length) return null;
  return (
    <section aria-labelledby="dist-title" class="stack" data-testid="grade-distribution">
      <h2 id="dist-title">{t("grade_distribution")}</h2>
      <p class="muted">{t("grade_distribution_intro")}{uncertain ? <strong class="warn"> ⚠ {t("grade_uncertain")}</strong> : null}</p>
      <ul class="grade-dist">{shares.map((s) => (
        <li key={s.grade} data-grade={s.grade} data-percent={s.percent} class={s.grade === grade ? "shown" : undefined}>
          <span class="dist-grade">{s.grade}</span>
          <svg class="dist-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect class="track" width="100" height="10" /><rect class="fill" width={s.percent} height="10" />
          </svg>
          <span class="dist-pct">{s.percent}%</span>
          {s.grade === grade ? <strong class="dist-note">{t("grade_shown")}</strong> : null}
        </li>
      ))}</ul>
    </section>
  );
}
