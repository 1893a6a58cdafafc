import { useState } from "preact/hooks";
import { addFilesToBatch } from "../api/add-files.ts";
import type { FileUploadResult } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.ts";
import { DropZone } from "./DropZone.tsx";
import { ErrorNote } from "./ErrorNote.tsx";
import { FileResults } from "./FileResults.tsx";
import { problemSentence } from "./problem-sentence.ts";
import { StagedFiles, withoutDuplicates } from "./StagedFiles.tsx";

/**
 * "Add files" on the batch page: drop or choose files, send them, see each file's outcome. Not while
 * a pipeline runs (`locked`; the API's 409 says the same if the page had not heard of the run yet).
 * `onAdded` gets the accepted files' upload ids, so the list can be read until they show.
 */
export function AddFiles({ batchId, locked, emptySlots, onAdded }: { batchId: string; locked: boolean; emptySlots: number; onAdded: (fileUploadIds: string[]) => void }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<FileUploadResult | null>(null);

  const send = async () => {
    setProblem(null);
    setResult(null);
    setProgress(0);
    const answer = await addFilesToBatch(batchId, files, emptySlots, setProgress);
    setProgress(null);
    if ("error_code" in answer) return setProblem(problemSentence(t, answer));
    setFiles([]);
    setResult(answer);
    onAdded(answer.files.filter((f) => f.accepted && f.file_upload_id).map((f) => f.file_upload_id as string));
  };

  return (
    <section class="stack" aria-labelledby="add-files-title" data-testid="add-files">
      <h3 id="add-files-title">{t("add_files")}</h3>
      {locked ? <p class="muted" data-testid="add-files-locked">{t("add_files_locked")}</p> : null}
      <DropZone onFiles={(more) => { setResult(null); setFiles((have) => withoutDuplicates(have, more)); }} disabled={locked || progress !== null} />
      <StagedFiles files={files} onRemove={(f) => setFiles(files.filter((x) => x !== f))} />
      {files.length ? (
        <div class="row">
          <button type="button" disabled={locked || progress !== null} onClick={() => void send()}>{t("add_files_send", { n: files.length })}</button>
          {progress !== null ? <label class="inline">{t("uploading")}<progress value={progress} max={1} /></label> : null}
        </div>
      ) : null}
      <ErrorNote problem={problem} />
      {result ? <FileResults upload={result} level={3} id="added-files-title" /> : null}
    </section>
  );
}
