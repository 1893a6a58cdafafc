import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { NamedBatch } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.ts";
import { useLive } from "../live/use-live.ts";

/** How many of the newest batches are checked, whatever page or filter the list below shows. */
const SCAN = 100;
const RUN_FAILED = new Set(["COMPLETED_WITH_FAILURES", "FAILED_CRITICALLY"]);
const clip = (s: string | undefined, n: number) => (s === undefined ? undefined : s.length > n ? `${s.slice(0, n - 1)}…` : s);
export const batchTitle = (b: NamedBatch, n = 70): string => b.name ?? `${b.course_code ?? "—"}: ${clip(b.essay_instructions, n) ?? b.batch_id}`;

/**
 * The teacher's batches that need something done (files that failed validation, a run that failed,
 * a pipeline that was refused), each linking to its batch. Read on its own, so a batch on another
 * page of the list, or hidden by the status filter, is still named here.
 */
export function NeedsAction() {
  const { t } = useI18n();
  const [recent, setRecent] = useState<NamedBatch[]>([]);
  const [denied, setDenied] = useState<Record<string, string>>({});
  const load = async () => {
    const { data } = await api.GET("/v1/batches", { params: { query: { limit: SCAN } } });
    if (data) setRecent(data.batches);
  };
  useEffect(() => void load(), []);
  useLive((n) => {
    if (n.type === "pipeline_denied") setDenied((d) => ({ ...d, [n.batch_id]: String(n.data.message ?? n.data.compatibility_issue ?? "") }));
    if (n.type === "phase_started") setDenied(({ [n.batch_id]: _, ...rest }) => rest);
    if (n.type === "batch_status_changed" || n.type === "pipeline_completed") void load();
  }, undefined, () => void load());

  const reasons = (b: NamedBatch): string[] => [
    ...((b.counts?.failed ?? 0) > 0 ? [t("files_failed", { n: b.counts?.failed ?? 0 })] : []),
    ...(RUN_FAILED.has(b.status) ? [t("run_failed_retry")] : []),
    ...(denied[b.batch_id] !== undefined ? [`${t("pipeline_denied")}: ${denied[b.batch_id]}`] : []),
  ];
  const items = recent.map((b) => ({ b, why: reasons(b) })).filter((x) => x.why.length > 0);
  if (!items.length) return null;
  return (
    <section class="needs-action" aria-labelledby="na-title" data-testid="needs-action">
      <h2 id="na-title"><span aria-hidden="true">⚑ </span>{t("needs_action")}</h2>
      <ul>{items.map(({ b, why }) => (
        <li key={b.batch_id} data-batch-id={b.batch_id}>
          <a href={`/batches/${b.batch_id}`}>{batchTitle(b, 40)}</a>{": "}{why.join("; ")}
        </li>
      ))}</ul>
    </section>
  );
}
