import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { RetryPhase } from "../api/types.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.ts";
import { ErrorNote } from "./ErrorNote.tsx";
import { problemOf, problemSentence } from "./problem-sentence.ts";

/** Cancel the running pipeline (after a confirm step) and retry the failed essays of a phase. */
export function RunControls({ batchId, running, failed, onCancelled, onRetried }: {
  batchId: string; running: boolean; failed: { phase: RetryPhase; failed: number }[]; onCancelled: () => void; onRetried: () => void;
}) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [retried, setRetried] = useState<number | null>(null);
  const path = { params: { path: { batch_id: batchId } } };

  const cancel = async () => {
    setBusy(true);
    setProblem(null);
    const { data, error, response } = await api.POST("/v1/batches/{batch_id}/cancel", path);
    setBusy(false);
    setConfirming(false);
    if (!data) return setProblem(problemSentence(t, problemOf(error, response)));
    onCancelled();
  };
  const retry = async (phase: RetryPhase) => {
    setBusy(true);
    setProblem(null);
    setRetried(null);
    const { data, error, response } = await api.POST("/v1/batches/{batch_id}/retry-phase", { ...path, body: { phase } });
    setBusy(false);
    if (!data) return setProblem(problemSentence(t, problemOf(error, response)));
    setRetried(data.essay_ids.length);
    onRetried();
  };

  if (!running && !failed.length && !problem && retried === null) return null;
  return (
    <section class="stack" aria-labelledby="controls-title" data-testid="run-controls">
      <h2 id="controls-title">{running ? t("cancel_run") : t("retry_title")}</h2>
      {running && !confirming ? <div><button type="button" class="secondary" onClick={() => setConfirming(true)}>{t("cancel_run")}</button></div> : null}
      {running && confirming ? (
        <div role="alertdialog" aria-labelledby="cancel-q" class="stack confirm">
          <p id="cancel-q">{t("cancel_run_confirm")}</p>
          <div class="row">
            <button type="button" disabled={busy} onClick={() => void cancel()}>{t("cancel_run_yes")}</button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>{t("keep_running")}</button>
          </div>
        </div>
      ) : null}
      {!running ? <div class="row">{failed.map((f) => (
        <button key={f.phase} type="button" class="secondary" disabled={busy} onClick={() => void retry(f.phase)}>
          {t("retry_failed", { phase: t(`pipeline_${f.phase}` as MessageKey), n: f.failed })}
        </button>
      ))}</div> : null}
      {retried !== null ? <p role="status" class="ok">✓ {t("retry_requested", { n: retried })}</p> : null}
      <ErrorNote problem={problem} />
    </section>
  );
}
