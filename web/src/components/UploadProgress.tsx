import { useI18n } from "../i18n/i18n.ts";

/** The upload's progress as an ARIA progressbar (0-100) with its percent written out. */
export function UploadProgress({ fraction }: { fraction: number }) {
  const { t } = useI18n();
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div class="upload-progress" data-testid="upload-progress">
      <span id="upload-progress-label">{percent === 100 ? t("uploaded") : t("uploading")}</span>
      <div role="progressbar" aria-labelledby="upload-progress-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent}%`} class="progress-track">
        <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect class="track" width="100" height="10" /><rect class="fill" width={percent} height="10" />
        </svg>
      </div>
      <span aria-hidden="true">{percent}%</span>
    </div>
  );
}
