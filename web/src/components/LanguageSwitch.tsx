import { useI18n, type Lang } from "../i18n/i18n.ts";

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label class="lang">
      <span class="sr-only">{t("language")}</span>
      <select value={lang} onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as Lang)} aria-label={t("language")}>
        <option value="sv" lang="sv">Svenska</option>
        <option value="en" lang="en">English</option>
      </select>
    </label>
  );
}
