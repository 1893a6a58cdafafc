import type { BatchStatusWithControl } from "../api/types.ts";
import { shownPhases } from "../results/run-state.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.ts";

const STATE_ICON: Record<string, string> = { PENDING: "◌", IN_PROGRESS: "◔", COMPLETED_SUCCESSFULLY: "✓", COMPLETED_WITH_FAILURES: "!", FAILED: "✕", SKIPPED: "–", CANCELLED: "⊘" };

/** The current pipeline's phases with their state, and a bar of how many are done. */
export function PhaseProgress({ status }: { status: BatchStatusWithControl }) {
  const { t } = useI18n();
  const phases = shownPhases(status);
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
