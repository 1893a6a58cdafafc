import type { BatchStatusWithControl } from "../api/types.ts";
import { latestCancellation } from "../results/run-state.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.ts";

// Phases a running pipeline is expected to pass through, shown as pending until they start (the
// aggregator only knows a phase once it started). A finished pipeline shows only what really ran.
const EXPECTED: Record<string, string[]> = {
  spellcheck: ["spellcheck"], nlp: ["spellcheck", "nlp"], cj_assessment: ["cj_assessment"], ai_feedback: ["ai_feedback"],
  comprehensive: ["spellcheck", "nlp", "cj_assessment", "ai_feedback"],
};

const STATE_ICON: Record<string, string> = { PENDING: "◌", IN_PROGRESS: "◔", COMPLETED_SUCCESSFULLY: "✓", COMPLETED_WITH_FAILURES: "!", FAILED: "✕", SKIPPED: "–", CANCELLED: "⊘" };

/** The current pipeline's phases with their state, and a bar of how many are done. */
export function PhaseProgress({ status }: { status: BatchStatusWithControl }) {
  const { t } = useI18n();
  // The aggregator records a cancelled phase as skipped; the cancellation says which ones it stopped.
  const cancelled = latestCancellation(status);
  const stateOf = (p: { phase: string; status: string; pipeline?: string | null }) =>
    cancelled && cancelled.cancelled_phases.includes(p.phase) && (!p.pipeline || p.pipeline === cancelled.pipeline) && (p.status === "SKIPPED" || p.status === "IN_PROGRESS") ? "CANCELLED" : p.status;
  const pipeline = status.current_pipeline ?? cancelled?.pipeline ?? status.last_pipeline?.pipeline ?? null;
  const known = status.phases.filter((p) => !pipeline || p.pipeline === pipeline);
  const pending = status.current_pipeline ? (EXPECTED[status.current_pipeline] ?? []).filter((name) => !known.some((p) => p.phase === name)) : [];
  const phases = [...known.map((p) => ({ ...p, status: stateOf(p) })), ...pending.map((phase) => ({ phase, status: "PENDING", essay_count: null, processed_count: null }))];
  if (!phases.length) return null;
  const done = phases.filter((p) => p.status !== "PENDING" && p.status !== "IN_PROGRESS").length;
  return (
    <section aria-labelledby="progress-title" class="stack">
      <h2 id="progress-title">{t("progress")}</h2>
      <label>{done}/{phases.length}<progress value={done} max={phases.length} data-testid="phase-progress" /></label>
      <ol class="phases" aria-live="polite">{phases.map((p) => (
        <li key={p.phase} data-phase={p.phase} data-state={p.status}>
          <span aria-hidden="true">{STATE_ICON[p.status] ?? "•"}</span> {t("phase_state", { phase: t(`pipeline_${p.phase}` as MessageKey), state: p.status === "CANCELLED" ? t("state_cancelled") : p.status.toLowerCase().replaceAll("_", " ") })}
          {p.essay_count ? ` (${p.processed_count ?? 0}/${p.essay_count})` : ""}
        </li>
      ))}</ol>
    </section>
  );
}
