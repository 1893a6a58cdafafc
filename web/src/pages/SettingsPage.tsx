import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { ApiProblem } from "../api/session.ts";
import type { Profile } from "../api/types.ts";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { useI18n } from "../i18n/i18n.ts";

type Failure = { error_code?: string; message?: string } | string | undefined;
const problemOf = (status: number, error: Failure): ApiProblem =>
  typeof error === "object" ? { status, error_code: error.error_code ?? "UNKNOWN", message: error.message ?? String(status) } : { status, error_code: "UNKNOWN", message: error ?? String(status) };

/** The teacher's account: whether the address is confirmed (with a resend), and the results-mail preference. */
export function SettingsPage() {
  const { t } = useI18n();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [resent, setResent] = useState(false);

  useEffect(() => {
    void api.GET("/v1/auth/profile").then(({ data, error, response }) => (data ? setProfile(data) : setProblem(problemOf(response.status, error))));
  }, []);

  const setNotify = async (on: boolean) => {
    setSaving(true);
    setSaved(false);
    setProblem(null);
    const { data, error, response } = await api.PATCH("/v1/auth/profile", { body: { notify_results_by_email: on } });
    setSaving(false);
    if (!data) return setProblem(problemOf(response.status, error));
    setProfile(data);
    setSaved(true);
  };
  const resend = async () => {
    if (!profile) return;
    setProblem(null);
    const { error, response } = await api.POST("/v1/auth/email/verify/resend", { body: { email: profile.email } });
    if (response.status !== 202) return setProblem(problemOf(response.status, error));
    setResent(true);
  };

  return (
    <section aria-labelledby="settings-title" class="stack">
      <h1 id="settings-title">{t("settings_title")}</h1>
      {profile === null ? (problem ? <ErrorNote problem={problem} /> : <p role="status">{t("loading")}</p>) : (
        <>
          <fieldset>
            <legend>{t("settings_email")}</legend>
            <p class="row"><strong data-testid="profile-email">{profile.email}</strong>
              {profile.email_verified
                ? <span class="badge ok" data-testid="email-status" data-verified="true">✓ {t("email_verified")}</span>
                : <span class="badge warn" data-testid="email-status" data-verified="false">⚠ {t("email_not_verified")}</span>}
            </p>
            {profile.email_verified ? null : (
              <div class="stack">
                <p>{t("email_not_verified_hint")}</p>
                <button type="button" class="secondary" disabled={resent} onClick={() => void resend()}>{t("resend_verification")}</button>
                {resent ? <p role="status" class="ok" data-testid="resend-sent">✓ {t("resend_sent", { email: profile.email })}</p> : null}
              </div>
            )}
          </fieldset>
          <fieldset>
            <legend>{t("settings_notifications")}</legend>
            <label class="inline">
              <input type="checkbox" checked={profile.notify_results_by_email} disabled={saving} aria-describedby="notify-hint"
                onChange={(e) => void setNotify((e.currentTarget as HTMLInputElement).checked)} />
              {t("notify_results")}
            </label>
            <p id="notify-hint" class="muted">{t("notify_results_hint")}</p>
            {saved ? <p role="status" class="ok">✓ {t("saved")}</p> : null}
          </fieldset>
          <ErrorNote problem={problem} />
        </>
      )}
    </section>
  );
}
