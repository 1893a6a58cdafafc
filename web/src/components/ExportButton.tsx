import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { ApiProblem } from "../api/session.ts";
import { useI18n } from "../i18n/i18n.ts";
import { attachmentName, saveBlob } from "../results/download.ts";
import { ErrorNote } from "./ErrorNote.tsx";

/** Download the batch's export zip (results.json, results.csv, the original texts) with the session's token. */
export function ExportButton({ batchId }: { batchId: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const download = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { data, error, response } = await api.GET("/v1/batches/{batch_id}/export", { params: { path: { batch_id: batchId } }, parseAs: "blob" });
      if (!data) return setProblem({ status: response.status, error_code: error?.error_code ?? "UNKNOWN", message: error?.message ?? response.statusText });
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
