import { useI18n } from "../i18n/i18n.ts";

/** Files chosen but not yet sent, each with Remove (the file name is part of the button's name). */
export function StagedFiles({ files, onRemove }: { files: File[]; onRemove: (file: File) => void }) {
  const { t } = useI18n();
  if (!files.length) return null;
  return (
    <>
      <p data-testid="staged-count">{t("staged_files", { n: files.length })}</p>
      <ul class="file-list">{files.map((f) => (
        <li key={`${f.name}:${f.size}`}>{f.name} <button type="button" class="link" onClick={() => onRemove(f)}>{t("remove")}<span class="sr-only"> {f.name}</span></button></li>
      ))}</ul>
    </>
  );
}

/** `have` plus those of `more` not already in it (same name and size). */
export const withoutDuplicates = (have: File[], more: File[]): File[] => [...have, ...more.filter((f) => !have.some((h) => h.name === f.name && h.size === f.size))];
