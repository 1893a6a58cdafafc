import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { ApiProblem } from "../api/session.ts";
import type { FileUploadResult } from "../api/types.ts";
import { uploadBatchFiles } from "../api/upload.ts";
import { DropZone } from "../components/DropZone.tsx";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { FileResults } from "../components/FileResults.tsx";
import { StagedFiles, withoutDuplicates } from "../components/StagedFiles.tsx";
import { UploadProgress } from "../components/UploadProgress.tsx";
import { MAX_BATCH_NAME } from "../components/BatchName.tsx";
import { hasChosenLang, useI18n } from "../i18n/i18n.ts";

const COURSES = ["ENG5", "ENG6", "ENG7", "SV1", "SV2", "SV3"];

export function NewBatchPage() {
  const { t, setLang } = useI18n();
  const [name, setName] = useState("");
  const [course, setCourse] = useState("ENG5");
  const [instructions, setInstructions] = useState("");
  const [prompt, setPrompt] = useState("");
  const [assignment, setAssignment] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<ApiProblem | string | null>(null);
  const [result, setResult] = useState<{ batchId: string; upload: FileUploadResult } | null>(null);

  const addFiles = (more: File[]) => setFiles((have) => withoutDuplicates(have, more));
  const readPromptFile = async (file: File | undefined) => { if (file) setPrompt(await file.text()); };

  const submit = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    if (!instructions.trim()) return setProblem(t("field_required", { field: t("instructions") }));
    if (files.length === 0) return setProblem(t("field_required", { field: t("files") }));
    setProgress(0);
    let promptRef: { references: Record<string, { storage_id: string }> } | undefined;
    if (prompt.trim()) {
      const stored = await api.POST("/v1/prompts", { body: { text: prompt } });
      if (!stored.data) { setProgress(null); return setProblem(stored.error as ApiProblem); }
      promptRef = stored.data as typeof promptRef;
    }
    const registered = await api.POST("/v1/batches/register", {
      body: {
        expected_essay_count: files.length, course_code: course, essay_instructions: instructions.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(assignment.trim() ? { assignment_id: assignment.trim() } : {}),
        ...(promptRef ? { student_prompt_ref: promptRef as never } : {}),
      },
      params: { header: { "Idempotency-Key": crypto.randomUUID() } },
    });
    if (!registered.data) { setProgress(null); return setProblem(registered.error as ApiProblem); }
    const batchId = registered.data.batch_id;
    const upload = await uploadBatchFiles(batchId, files, setProgress);
    if ("error_code" in upload) { setProgress(null); return setProblem(upload); }
    setResult({ batchId, upload });
  };

  return (
    <section aria-labelledby="nb-title">
      <h1 id="nb-title">{t("new_batch_title")}</h1>
      {!result ? <form class="stack" onSubmit={submit}>
        <label>{t("batch_name_optional")}<input name="name" value={name} maxLength={MAX_BATCH_NAME} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} /></label>
        <label>{t("course")}
          <select value={course} onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value;
            setCourse(value);
            if (!hasChosenLang()) setLang(value.startsWith("SV") ? "sv" : "en", false);
          }}>{COURSES.map((c) => <option key={c} value={c}>{c}</option>)}</select>
        </label>
        <label>{t("instructions")}<textarea name="instructions" rows={3} value={instructions} onInput={(e) => setInstructions((e.currentTarget as HTMLTextAreaElement).value)} required /></label>
        <label>{t("prompt")}<textarea name="prompt" rows={4} value={prompt} onInput={(e) => setPrompt((e.currentTarget as HTMLTextAreaElement).value)} /></label>
        <label>{t("prompt_file")}<input type="file" accept=".txt,text/plain" onChange={(e) => void readPromptFile((e.currentTarget as HTMLInputElement).files?.[0])} /></label>
        <label>{t("assignment")}<input name="assignment" value={assignment} onInput={(e) => setAssignment((e.currentTarget as HTMLInputElement).value)} pattern="[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}" /></label>
        <fieldset>
          <legend>{t("files")}</legend>
          <DropZone onFiles={addFiles} />
          <StagedFiles files={files} onRemove={(f) => setFiles(files.filter((x) => x !== f))} />
        </fieldset>
        <ErrorNote problem={problem} />
        <button type="submit" disabled={progress !== null}>{t("create_and_upload")}</button>
      </form> : null}
      {progress !== null ? <UploadProgress fraction={progress} /> : null}
      {result ? (
        <section aria-labelledby="upload-title" class="stack">
          <FileResults upload={result.upload} level={2} id="upload-title" />
          <a class="button" href={`/batches/${result.batchId}`}>{t("go_to_batch")}</a>
        </section>
      ) : null}
    </section>
  );
}
