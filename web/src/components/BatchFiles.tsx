import { useEffect, useRef, useState } from "preact/hooks";
import { api, authedFetch } from "../api/client.ts";
import { problemFrom } from "../api/session.ts";
import type { BatchFile } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.ts";
import { readUntil } from "../live/read-until.ts";
import { AddFiles } from "./AddFiles.tsx";
import { ACCEPT } from "./DropZone.tsx";
import { ErrorNote } from "./ErrorNote.tsx";
import { saveBlob } from "../results/download.ts";
import { problemOf, problemSentence } from "./problem-sentence.ts";

type Outcome = { essayId: string; ok: boolean; sentence: string };

/** PUT one file of the batch (multipart `file`); the gateway answers 202 replaced or 200 unchanged. */
async function replaceFile(batchId: string, fileId: string, file: File) {
  const form = new FormData();
  form.set("file", file, file.name);
  const res = await authedFetch(new Request(`/v1/batches/${encodeURIComponent(batchId)}/files/${encodeURIComponent(fileId)}`, { method: "PUT", body: form }));
  if (res.status === 200 || res.status === 202) return { replaced: res.status === 202, fileName: ((await res.json()) as { file_name: string }).file_name };
  return problemFrom(res);
}

/** Natural order (essay-2 before essay-10), as the teacher named the files. */
const byName = (files: BatchFile[]) => [...files].sort((a, b) => (a.file_name ?? "").localeCompare(b.file_name ?? "", undefined, { numeric: true }));

/**
 * The batch's files, each with "Replace file", and "Add files"; `version` changes when the essays
 * changed (a live event). After a removal or an addition the list is read until it shows the change.
 */
export function BatchFiles({ batchId, version, locked, onChanged }: { batchId: string; version: number; locked: boolean; onChanged: (listed: number) => void }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<BatchFile[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const target = useRef<BatchFile | null>(null);
  // Reads overlap (a live notice, a re-read after a change): an older read's answer, arriving late,
  // must not replace a newer one's.
  const started = useRef(0);
  const shown = useRef(0);

  const read = async (): Promise<BatchFile[] | undefined> => {
    const mine = ++started.current;
    const { data } = await api.GET("/v1/batches/{batch_id}/files", { params: { path: { batch_id: batchId } } });
    if (!data || mine < shown.current) return undefined;
    shown.current = mine;
    return byName(data.files);
  };
  const load = async () => { const listed = await read(); if (listed) setFiles(listed); };
  const loadUntil = async (done: (listed: BatchFile[]) => boolean) => {
    // Up to ~15 s: extraction and slot assignment take longer than the default 3 s on a loaded server.
    const { value } = await readUntil(read, done, { onRead: setFiles, attempts: 30 });
    if (value) onChanged(value.length);
  };
  useEffect(() => void load(), [batchId, version]);

  const choose = (f: BatchFile) => {
    target.current = f;
    picker.current?.click();
  };
  const picked = async (file: File | undefined) => {
    const f = target.current;
    if (!file || !f?.file_upload_id) return;
    setBusy(f.file_upload_id);
    setOutcome(null);
    const answer = await replaceFile(batchId, f.file_upload_id, file);
    setBusy(null);
    if ("error_code" in answer) return setOutcome({ essayId: f.essay_id, ok: false, sentence: `${file.name}: ${problemSentence(t, answer)}` });
    setOutcome({ essayId: f.essay_id, ok: true, sentence: t(answer.replaced ? "file_replaced" : "file_unchanged", { file: answer.fileName }) });
    await load();
  };

  const path = (f: BatchFile) => ({ params: { path: { batch_id: batchId, essay_id: f.essay_id } } });
  const remove = async (f: BatchFile) => {
    setRemoving(null);
    setOutcome(null);
    const { data, error, response } = await api.DELETE("/v1/batches/{batch_id}/essays/{essay_id}", path(f));
    if (!data) return setOutcome({ essayId: f.essay_id, ok: false, sentence: `${f.file_name ?? f.essay_id}: ${problemSentence(t, problemOf(error, response))}` });
    await loadUntil((listed) => !listed.some((x) => x.essay_id === f.essay_id));
  };
  const download = async (f: BatchFile) => {
    const { data, error, response } = await api.GET("/v1/batches/{batch_id}/essays/{essay_id}/original", { ...path(f), parseAs: "blob" });
    if (!data) return setOutcome({ essayId: f.essay_id, ok: false, sentence: problemSentence(t, problemOf(error, response)) });
    saveBlob((f.file_name ?? f.essay_id).replace(/\.[^.]+$/, "") + ".txt", data);
  };

  if (!files?.length) return null;
  return (
    <section class="stack" aria-labelledby="files-title">
      <h2 id="files-title">{t("batch_files")}</h2>
      <ul class="file-list" data-testid="batch-files">{files.map((f) => (
        <li key={f.essay_id} data-file-id={f.file_upload_id ?? ""}>
          <span data-testid="file-name">{f.file_name ?? "—"}</span>{f.has_content ? "" : ` (${t("no_content_yet")})`}{" "}
          {f.file_upload_id ? (
            // The file name is part of the button's name for screen readers, after the visible words.
            <button type="button" class="link" disabled={locked || busy !== null} onClick={() => choose(f)}>
              {busy === f.file_upload_id ? t("replacing") : t("replace_file")}<span class="sr-only"> {f.file_name ?? f.essay_id}</span>
            </button>
          ) : null}
          {f.has_content ? <button type="button" class="link" onClick={() => void download(f)}>{t("download_text")}<span class="sr-only"> {f.file_name ?? f.essay_id}</span></button> : null}
          {removing !== f.essay_id ? (
            <button type="button" class="link" disabled={locked || busy !== null} onClick={() => setRemoving(f.essay_id)}>{t("remove")}<span class="sr-only"> {f.file_name ?? f.essay_id}</span></button>
          ) : (
            <span role="group" class="row">
              {t("remove_confirm", { file: f.file_name ?? f.essay_id })}
              <button type="button" onClick={() => void remove(f)}>{t("remove_yes")}</button>
              <button type="button" class="secondary" onClick={() => setRemoving(null)}>{t("erase_keep_file")}</button>
            </span>
          )}
          {outcome?.essayId === f.essay_id ? (outcome.ok ? <p role="status" class="ok">✓ {outcome.sentence}</p> : <ErrorNote problem={outcome.sentence} />) : null}
        </li>
      ))}</ul>
      <input ref={picker} type="file" accept={ACCEPT} class="sr-only" tabIndex={-1} aria-hidden="true"
        onChange={(e) => { const el = e.currentTarget as HTMLInputElement; void picked(el.files?.[0]); el.value = ""; }} />
      <AddFiles batchId={batchId} locked={locked} emptySlots={files.filter((f) => !f.has_content && !f.file_upload_id).length}
        onAdded={(ids) => void loadUntil((listed) => ids.every((id) => listed.some((x) => x.file_upload_id === id && x.has_content)))} />
    </section>
  );
}
