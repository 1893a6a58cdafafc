import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { useI18n } from "../i18n/i18n.ts";
import { attachmentName, saveBlob } from "../results/download.ts";
import { ErrorNote } from "./ErrorNote.tsx";
import { problemOf, problemSentence } from "./problem-sentence.ts";

/** Download the batch's export zip (results.json, results.csv, the original texts) with the session's token. */
export function ExportButton({ batchId }: { batchId: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { data, error, response } = await api.GET("/v1/batches/{batch_id}/export", { params: { path: { batch_id: batchId } }, parseAs: "blob" });
      if (!data) return setProblem(problemSentence(t, problemOf(error, response)));
      saveBlob(attachmentName(response.headers.get("Content-Disposition"), `batch-${batchId}.zip`), data);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="secondary" disabled={busy} onClick={() => void download()}>{busy ? t("exporting") : t("export_zip")}</button>
      <ErrorNote problem={problem} />
    </>
  );
}
