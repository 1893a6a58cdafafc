import type { CjBatchSummary } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.ts";
import type { ResultRow } from "../results/rows.ts";

const ROW = 26;
const LEFT = 150;
const WIDTH = 640;
const PAD = 16;

/**
 * Plain SVG (no chart library needed for one dot-and-whisker plot): essays by rank, score ± 2 SE
 * as a bar, grade boundaries as dashed labelled lines.
 */
export function RankingChart({ rows, cj }: { rows: ResultRow[]; cj: CjBatchSummary | null }) {
  const { t } = useI18n();
  const ranked = rows.filter((r) => r.score !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  if (!ranked.length) return null;
  const boundaries = cj?.grade_projection?.boundaries ?? [];
  const values = ranked.flatMap((r) => [(r.score ?? 0) - 2 * (r.standardError ?? 0), (r.score ?? 0) + 2 * (r.standardError ?? 0)]).concat(boundaries.map((b) => b.score));
  const min = Math.min(...values);
  const max = Math.max(...values);
  const x = (v: number) => LEFT + ((v - min) / (max - min || 1)) * (WIDTH - LEFT - PAD);
  const height = ranked.length * ROW + 40;
  return (
    <figure class="chart">
      <figcaption id="chart-title">{t("chart_title")}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="chart-title chart-desc" data-testid="ranking-chart">
        <desc id="chart-desc">{t("chart_desc")}</desc>
        {boundaries.map((b) => (
          <g key={`${b.lower_grade}-${b.upper_grade}`} class="boundary">
            <line x1={x(b.score)} x2={x(b.score)} y1={20} y2={height - 10} stroke-dasharray="4 4" />
            <text x={x(b.score) + 3} y={14}>{b.lower_grade}|{b.upper_grade}</text>
          </g>
        ))}
        {ranked.map((r, i) => {
          const y = 30 + i * ROW;
          const s = r.score ?? 0;
          const se = r.standardError ?? 0;
          return (
            <g key={r.essayId} class="essay-mark">
              <text x={LEFT - 8} y={y + 4} text-anchor="end">{r.rank}. {r.student}</text>
              <line x1={x(s - 2 * se)} x2={x(s + 2 * se)} y1={y} y2={y} class="whisker" />
              <circle cx={x(s)} cy={y} r={5}><title>{`${r.student}: ${s.toFixed(2)} ± ${se.toFixed(2)}${r.grade ? `, ${r.grade}` : ""}`}</title></circle>
              {r.grade ? <text x={x(s + 2 * se) + 6} y={y + 4} class="grade">{r.grade}</text> : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
