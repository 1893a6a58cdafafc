import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../api/client.ts";
import { useI18n } from "../i18n/i18n.ts";
import { ErrorNote } from "./ErrorNote.tsx";
import { problemOf, problemSentence } from "./problem-sentence.ts";

/** Erase the batch and everything made from it (DELETE /v1/batches/{id}), after a confirm step. */
export function EraseBatch({ batchId, locked }: { batchId: string; locked: boolean }) {
  const { t } = useI18n();
  const { route } = useLocation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const erase = async () => {
    setBusy(true);
    setProblem(null);
    const { data, error, response } = await api.DELETE("/v1/batches/{batch_id}", { params: { path: { batch_id: batchId } } });
    setBusy(false);
    setConfirming(false);
    if (!data) return setProblem(problemSentence(t, problemOf(error, response)));
    route("/");
  };
  return (
    <section class="stack" aria-labelledby="erase-title">
      <h2 id="erase-title">{t("erase_batch")}</h2>
      {!confirming ? <div><button type="button" class="secondary" disabled={locked} onClick={() => setConfirming(true)}>{t("erase_batch")}</button></div> : (
        <div role="alertdialog" aria-labelledby="erase-q" class="stack confirm">
          <p id="erase-q">{t("erase_confirm")}</p>
          <div class="row">
            <button type="button" disabled={busy} onClick={() => void erase()}>{t("erase_yes")}</button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>{t("erase_keep")}</button>
          </div>
        </div>
      )}
      {locked ? <p class="muted">{t("erase_wait")}</p> : null}
      <ErrorNote problem={problem} />
    </section>
  );
}
