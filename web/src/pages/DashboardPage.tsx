import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { NamedBatch } from "../api/types.ts";
import { batchTitle, NeedsAction } from "../components/NeedsAction.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { useI18n } from "../i18n/i18n.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useLive } from "../live/use-live.ts";

const PAGE_SIZE = 10;
const clip = (s: string | undefined, n: number) => (s === undefined ? undefined : s.length > n ? `${s.slice(0, n - 1)}…` : s);
const STATUSES = ["AWAITING_CONTENT", "READY_FOR_PIPELINE_EXECUTION", "PROCESSING_PIPELINES", "COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES", "FAILED_CRITICALLY"] as const;
type Status = (typeof STATUSES)[number];

interface Card extends NamedBatch {
  live_phase?: string;
}

export function DashboardPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status | "">("");
  const [page, setPage] = useState(0);
  const [cards, setCards] = useState<Card[] | null>(null);
  const [hasMore, setHasMore] = useState(false);

  const latest = useRef(0);
  // After paging by keyboard the pressed button may end up disabled (first or last page): the focus
  // then moves to the other pager button instead of falling back to the page body.
  const previousButton = useRef<HTMLButtonElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const pressed = useRef<"previous" | "next" | null>(null);
  useEffect(() => {
    const which = pressed.current;
    if (which === null || cards === null) return;
    pressed.current = null;
    const [clicked, other] = which === "next" ? [nextButton.current, previousButton.current] : [previousButton.current, nextButton.current];
    if (clicked?.disabled && other && !other.disabled) other.focus();
  }, [cards, hasMore]);

  const load = async () => {
    const asked = ++latest.current;
    const { data } = await api.GET("/v1/batches", { params: { query: { limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE, ...(status ? { status } : {}) } } });
    if (asked !== latest.current) return; // a newer page or filter was asked for meanwhile
    const batches = data?.batches ?? [];
    setHasMore(batches.length > PAGE_SIZE);
    setCards(batches.slice(0, PAGE_SIZE));
  };
  useEffect(() => void load(), [status, page]);
  useLive((n) => {
    setCards((list) => list?.map((b) => {
      if (b.batch_id !== n.batch_id) return b;
      if (n.type === "phase_started") return { ...b, status: "PROCESSING_PIPELINES", live_phase: String(n.data.phase) };
      if (n.type === "batch_status_changed" && typeof n.data.status === "string") return { ...b, status: n.data.status as Status };
      if (n.type === "pipeline_completed") return { ...b, live_phase: undefined };
      return b;
    }) ?? list);
    if (n.type === "batch_status_changed" || n.type === "pipeline_completed") void load();
  }, undefined, () => void load());

  return (
    <section aria-labelledby="dash-title">
      <div class="row spread">
        <h1 id="dash-title">{t("batches_title")}</h1>
        <a class="button" href="/batches/new">{t("nav_new_batch")}</a>
      </div>
      <NeedsAction />
      <label class="inline">
        {t("filter_status")}{" "}
        <select value={status} onChange={(e) => { setPage(0); setStatus((e.currentTarget as HTMLSelectElement).value as Status | ""); }}>
          <option value="">{t("all_statuses")}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{t(`status_${s}` as MessageKey)}</option>)}
        </select>
      </label>
      {cards === null ? <p role="status">{t("loading")}</p> : cards.length === 0 ? <p>{t("no_batches")}</p> : (
        <ul class="cards" data-testid="batch-list">
          {cards.map((b) => (
            <li key={b.batch_id} class="card" data-batch-id={b.batch_id}>
              <h2><a href={`/batches/${b.batch_id}`}>{batchTitle(b)}</a></h2>
              {b.name ? <p class="muted">{b.course_code ?? "—"}: {clip(b.essay_instructions, 70)}</p> : null}
              <p class="row"><StatusBadge status={b.status} />{b.live_phase ? <span class="phase">{t("phase")}: {t(`pipeline_${b.live_phase}` as MessageKey)}</span> : null}</p>
              <p class="muted">{t("essays_count", { n: b.counts?.provisioned ?? b.counts?.expected ?? 0 })}{b.created_at ? ` · ${new Date(b.created_at).toLocaleString()}` : ""}</p>
            </li>
          ))}
        </ul>
      )}
      <nav class="pager row" aria-label={t("pages")}>
        <button ref={previousButton} type="button" class="secondary" disabled={page === 0} onClick={() => { pressed.current = "previous"; setPage(page - 1); }}>{t("previous")}</button>
        <span>{t("page_of", { page: page + 1 })}</span>
        <button ref={nextButton} type="button" class="secondary" disabled={!hasMore} onClick={() => { pressed.current = "next"; setPage(page + 1); }}>{t("next")}</button>
      </nav>
    </section>
  );
}
