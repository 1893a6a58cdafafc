import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { problemFrom, type ApiProblem } from "../api/session.ts";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { LanguageSwitch } from "../components/LanguageSwitch.tsx";
import { useI18n } from "../i18n/i18n.ts";
import type { MessageKey } from "../i18n/en.ts";

/** POST a JSON body to an identity route relayed by the gateway; null when it succeeded. */
async function postAuth(path: string, body: Record<string, string>): Promise<ApiProblem | null> {
  const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return res.ok ? null : problemFrom(res);
}

function Card({ title, children }: { title: MessageKey; children: preact.ComponentChildren }) {
  const { t } = useI18n();
  return (
    <main id="main" class="auth">
      <div class="auth-card">
        <div class="row spread"><span class="brand">{t("app_name")}</span><LanguageSwitch /></div>
        <h1>{t(title)}</h1>
        {children}
        <p><a href="/sign-in">{t("back_to_sign_in")}</a></p>
      </div>
    </main>
  );
}

/** The mailed link `/verify-email?token=…`: confirms at once, then says so. */
export function VerifyEmailPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const [state, setState] = useState<"working" | "done" | ApiProblem | string>("working");
  useEffect(() => {
    if (!query.token) return setState(t("token_missing"));
    void postAuth("/v1/auth/email/verify", { token: query.token }).then((problem) => setState(problem ?? "done"));
  }, [query.token]);
  return (
    <Card title="verify_title">
      {state === "working" ? <p role="status">{t("verify_working")}</p> : state === "done" ? <p role="status" data-testid="verified">✓ {t("verify_done")}</p> : <ErrorNote problem={state} />}
    </Card>
  );
}

/** Ask for a reset link; the answer never says whether the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget as HTMLFormElement).get("email"));
    const failed = await postAuth("/v1/auth/password/forgot", { email });
    setProblem(failed);
    setSent(failed === null);
  };
  return (
    <Card title="forgot_title">
      {sent ? <p role="status" data-testid="reset-sent">✓ {t("forgot_sent")}</p> : (
        <form onSubmit={submit} class="stack">
          <label>{t("email")}<input name="email" type="email" autocomplete="username" required /></label>
          <ErrorNote problem={problem} />
          <button type="submit">{t("forgot_send")}</button>
        </form>
      )}
    </Card>
  );
}

/** The mailed link `/reset-password?token=…`: a new password; identity signs out every old session. */
export function ResetPasswordPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | string | null>(query.token ? null : t("token_missing"));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!query.token) return;
    const password = String(new FormData(e.currentTarget as HTMLFormElement).get("password"));
    const failed = await postAuth("/v1/auth/password/reset", { token: query.token, password });
    setProblem(failed);
    setDone(failed === null);
  };
  return (
    <Card title="reset_title">
      {done ? <p role="status" data-testid="reset-done">✓ {t("reset_done")}</p> : (
        <form onSubmit={submit} class="stack">
          <label>{t("password")}<input name="password" type="password" minLength={10} autocomplete="new-password" required aria-describedby="pw-hint" /></label>
          <small id="pw-hint">{t("password_hint")}</small>
          <ErrorNote problem={problem} />
          <button type="submit" disabled={!query.token}>{t("reset_save")}</button>
        </form>
      )}
    </Card>
  );
}
