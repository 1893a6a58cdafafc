import type { FileUploadResult } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.ts";
import { fileErrorSentence } from "./problem-sentence.ts";

/**
 * Per uploaded file: accepted, or why not in a plain sentence (new batch and "Add files" alike).
 * Marked by icon and word, never by colour alone; `level` fits the heading into the page's outline.
 */
export function FileResults({ upload, level, id }: { upload: FileUploadResult; level: 2 | 3; id: string }) {
  const { t } = useI18n();
  const Heading = level === 2 ? "h2" : "h3";
  const accepted = upload.files.filter((f) => f.accepted).length;
  return (
    <div class="stack">
      <Heading id={id}>{t("files")}: {accepted}/{upload.files.length} {t("accepted").toLowerCase()}</Heading>
      <ul class="file-results" data-testid="file-results" aria-labelledby={id}>{upload.files.map((f, i) => (
        <li key={`${i}:${f.file_name}`} class={f.accepted ? "ok" : "bad"} data-accepted={String(f.accepted)}>
          <span aria-hidden="true">{f.accepted ? "✓" : "✕"}</span> <span data-testid="result-file">{f.file_name}</span>: <strong>{f.accepted ? t("accepted") : t("rejected")}</strong>
          {f.accepted ? null : <> — <span data-testid="result-reason">{fileErrorSentence(t, f.error_code, f.message)}</span></>}
        </li>
      ))}</ul>
    </div>
  );
}
