import { useRef, useState } from "preact/hooks";
import { useI18n } from "../i18n/i18n.ts";

export const ACCEPT = ".txt,.docx,.pdf,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Drag and drop (or choose) essay files; keyboard users get the file picker button. `disabled` takes neither. */
export function DropZone({ onFiles, disabled = false }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      class={`dropzone${over ? " over" : ""}${disabled ? " disabled" : ""}`}
      data-testid="dropzone"
      onDragOver={(e) => { e.preventDefault(); if (!disabled) setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!disabled) onFiles([...(e.dataTransfer?.files ?? [])]);
      }}
    >
      <p>{t("drop_here")}</p>
      <button type="button" class="secondary" disabled={disabled} onClick={() => input.current?.click()}>{t("choose_files")}</button>
      <input ref={input} type="file" multiple accept={ACCEPT} class="sr-only" tabIndex={-1} aria-hidden="true"
        onChange={(e) => { const el = e.currentTarget as HTMLInputElement; onFiles([...(el.files ?? [])]); el.value = ""; }} />
    </div>
  );
}
