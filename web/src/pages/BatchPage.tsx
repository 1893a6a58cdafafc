import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { api } from "../api/client.ts";
import type { BatchResults, BatchStatusWithControl, NamedBatch } from "../api/types.ts";
import { BatchFiles } from "../components/BatchFiles.tsx";
import { BatchName } from "../components/BatchName.tsx";
import { EraseBatch } from "../components/EraseBatch.tsx";
import { ExportButton } from "../components/ExportButton.tsx";
import { PhaseProgress } from "../components/PhaseProgress.tsx";
import { PipelineRunner } from "../components/PipelineRunner.tsx";
import { RankingChart } from "../components/RankingChart.tsx";
import { ResultsTable } from "../components/ResultsTable.tsx";
import { RunControls } from "../components/RunControls.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { fileErrorSentence } from "../components/problem-sentence.ts";
import { hasChosenLang, useI18n } from "../i18n/i18n.ts";
import { readUntil } from "../live/read-until.ts";
import { useLive } from "../live/use-live.ts";
import { resultsCsv } from "../results/csv.ts";
import { failedPhases, latestCancellation, shownPhases } from "../results/run-state.ts";
import { saveBlob } from "../results/download.ts";
import { sortRows, toRow } from "../results/rows.ts";

// The BOM makes Excel read the CSV as UTF-8 (å, ä, ö).
const csvBlob = (text: string) => new Blob([`\uFEFF${text}`], { type: "text/csv;charset=utf-8" });

/** Three reads every 3 s stay far below the gateway's 300 requests per user per minute. */
const RUNNING_REFRESH_MS = 3000;

export function BatchPage() {
  const { t, setLang } = useI18n();
  const { params } = useRoute();
  const batchId = params.batchId ?? "";
  const [batch, setBatch] = useState<NamedBatch | null>(null);
  const [status, setStatus] = useState<BatchStatusWithControl | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [filesVersion, setFilesVersion] = useState(0);
  const [results, setResults] = useState<BatchResults | null>(null);
  const [denial, setDenial] = useState<{ reason: string | null; message: string } | null>(null);

  const load = async () => {
    const path = { params: { path: { batch_id: batchId } } };
    const [b, s, r] = await Promise.all([api.GET("/v1/batches/{batch_id}", path), api.GET("/v1/batches/{batch_id}/status", path), api.GET("/v1/batches/{batch_id}/results", path)]);
    if (b.data) setBatch(b.data);
    if (s.data) setStatus(s.data);
    if (r.data) setResults(r.data);
    return s.data;
  };
  // After the teacher added or removed files the status view follows the events: read it until it
  // counts the essays the file list shows and no longer waits for files (bounded, as the list is).
  const settle = (listed: number) => void readUntil(load, (s) => s.counts.expected_essays === listed && s.status !== "AWAITING_CONTENT", { attempts: 10, intervalMs: 1000 });
  useEffect(() => void load(), [batchId]);
  useEffect(() => {
    if (batch?.course_code && !hasChosenLang()) setLang(batch.course_code.startsWith("SV") ? "sv" : "en", false);
  }, [batch?.course_code]);
  useLive((n) => {
    if (n.type === "pipeline_denied") setDenial({ reason: (n.data.compatibility_issue as string | null) ?? null, message: String(n.data.message ?? "") });
    if (n.type === "phase_started") { setDenial(null); setCancelled(false); }
    if (n.type === "batch_status_changed" && n.data.reason === "pipeline_cancelled") setCancelled(true);
    if (n.type === "batch_essays_changed") setFilesVersion((v) => v + 1);
    void load();
  }, batchId, () => { void load(); setFilesVersion((v) => v + 1); });

  const rows = (results?.essays ?? []).map(toRow);
  const essays = status?.counts.essays || batch?.counts?.provisioned || rows.length;
  const currentStatus = status?.status ?? batch?.status;
  // BOS's batch view changes first (the status view follows the events): either one says it runs.
  const running = currentStatus === "PROCESSING_PIPELINES" || Boolean(batch?.current_pipeline);
  const name = batch?.name ?? status?.name ?? null;
  // A notification can arrive before the status view has the change it announces (the view follows
  // the events), and the next one may be long away: while a run is on, a phase still shows as in
  // progress (a cancellation that reached BOS before the aggregator), or the batch waits for the
  // files just added, look again every few seconds.
  const phaseOpen = status ? shownPhases(status).some((p) => p.status === "IN_PROGRESS") : false;
  const changing = running || phaseOpen || currentStatus === "AWAITING_CONTENT";
  // While it waits for files, the file list is read again too: the bounded read after an upload can
  // end before a slow extraction (a loaded server) gives the new files their text.
  const awaitingFiles = currentStatus === "AWAITING_CONTENT";
  useEffect(() => {
    if (!changing) return;
    const timer = setInterval(() => {
      void load();
      if (awaitingFiles) setFilesVersion((v) => v + 1);
    }, RUNNING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [changing, awaitingFiles, batchId]);
  return (
    <section aria-labelledby="batch-title" class="stack">
      <BatchName batchId={batchId} name={name} fallback={`${batch?.course_code ?? ""} ${batch?.essay_instructions ?? batchId}`}
        onRenamed={(renamed) => setBatch((b) => (b ? { ...b, name: renamed } : b))} />
      <p class="row">{t("status")}: {currentStatus ? <span data-testid="batch-status"><StatusBadge status={currentStatus} /></span> : t("loading")}
        <span class="muted">{t("essays_count", { n: essays })}</span></p>
      {status ? <PhaseProgress status={status} /> : null}
      {(cancelled || latestCancellation(status)) && !running ? <p role="status" class="ok" data-testid="run-cancelled">⊘ {t("run_cancelled")}</p> : null}
      <RunControls batchId={batchId} running={running} failed={failedPhases(status)}
        onCancelled={() => { setCancelled(true); void load(); }} onRetried={() => void load()} />
      {status?.provisioning_failures.length ? (
        <section class="needs-action"><h2>⚑ {t("files_failed", { n: status.provisioning_failures.length })}</h2>
          <ul>{status.provisioning_failures.map((f) => <li key={f.file_upload_id}><span aria-hidden="true">✕</span> {f.original_file_name}: {fileErrorSentence(t, f.error_code, f.message)}</li>)}</ul></section>
      ) : null}
      <PipelineRunner batchId={batchId} essays={essays} denial={denial ?? (status?.denial ? { reason: status.denial.compatibility_issue, message: status.denial.message } : null)} />
      <BatchFiles batchId={batchId} version={filesVersion} locked={running} onChanged={settle} />
      <section aria-labelledby="results-title" class="stack">
        <div class="row spread">
          <h2 id="results-title">{t("results")}</h2>
          {rows.length ? (
            <div class="row">
              <button type="button" class="secondary" onClick={() => saveBlob(`huleedu-${batchId}.csv`, csvBlob(resultsCsv(sortRows(rows, { key: "rank", ascending: true }))))}>{t("export_csv")}</button>
              <ExportButton batchId={batchId} />
            </div>
          ) : null}
        </div>
        {rows.length ? <><ResultsTable rows={rows} batchId={batchId} /><RankingChart rows={rows} cj={results?.cj_assessment ?? null} /></> : <p>{t("no_results")}</p>}
      </section>
      <EraseBatch batchId={batchId} locked={running} />
    </section>
  );
}
