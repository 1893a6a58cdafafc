import { useState } from "preact/hooks";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.ts";
import { sortRows, type ResultRow, type SortKey, type SortState } from "../results/rows.ts";

const COLUMNS: [SortKey | "feedback", MessageKey][] = [
  ["student", "col_student"], ["rank", "col_rank"], ["score", "col_score"], ["grade", "col_grade"],
  ["corrections", "col_corrections"], ["words", "col_words"], ["readability", "col_readability"], ["feedback", "col_feedback"],
];

const fixed = (n: number | null, digits = 2) => (n === null ? "—" : n.toFixed(digits));

/** The essays, sortable by any column but feedback (aria-sort tells screen readers the order). */
export function ResultsTable({ rows, batchId }: { rows: ResultRow[]; batchId: string }) {
  const { t } = useI18n();
  const [sort, setSort] = useState<SortState>({ key: "rank", ascending: true });
  const sorted = sortRows(rows, sort);
  const header = (key: SortKey | "feedback", label: MessageKey) => {
    if (key === "feedback") return <th scope="col" key={key}>{t(label)}</th>;
    const active = sort.key === key;
    return (
      <th scope="col" key={key} aria-sort={active ? (sort.ascending ? "ascending" : "descending") : "none"}>
        <button type="button" class="sort" onClick={() => setSort({ key, ascending: active ? !sort.ascending : true })} aria-label={t("sort_by", { column: t(label) })}>
          {t(label)} <span aria-hidden="true">{active ? (sort.ascending ? "▲" : "▼") : "↕"}</span>
        </button>
      </th>
    );
  };
  return (
    <div class="table-wrap">
      <table data-testid="results-table">
        <thead><tr>{COLUMNS.map(([k, l]) => header(k, l))}</tr></thead>
        <tbody>{sorted.map((r) => (
          <tr key={r.essayId} data-essay-id={r.essayId}>
            <th scope="row"><a href={`/batches/${batchId}/essays/${r.essayId}`}>{r.student}</a></th>
            <td data-col="rank">{r.rank ?? "—"}</td>
            <td data-col="score">{r.score === null ? "—" : `${fixed(r.score)} ± ${fixed(r.standardError)}`}</td>
            <td data-col="grade">{r.grade ?? "—"}{r.gradeProbability !== null ? <small> ({Math.round(r.gradeProbability * 100)}%)</small> : null}{r.gradeUncertain ? <small class="warn"> ⚠ {t("grade_uncertain")}</small> : null}</td>
            <td data-col="corrections">{r.corrections ?? "—"}</td>
            <td data-col="words">{r.words ?? "—"}</td>
            <td data-col="readability">{fixed(r.readability, 1)}</td>
            <td data-col="feedback" class="feedback-preview">{r.feedback ? r.feedback.slice(0, 120) + (r.feedback.length > 120 ? "…" : "") : "—"}</td>
          </tr>
        ))}</tbody>
      </table>
    </div>
  );
}
