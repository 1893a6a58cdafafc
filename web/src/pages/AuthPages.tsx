import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { signIn, signUp, type ApiProblem } from "../api/session.ts";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { LanguageSwitch } from "../components/LanguageSwitch.tsx";
import { useI18n } from "../i18n/i18n.ts";

function AuthForm({ mode }: { mode: "in" | "up" }) {
  const { t } = useI18n();
  const { query, route } = useLocation();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const title = mode === "in" ? t("sign_in") : t("sign_up");
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    const failed = mode === "in" ? await signIn(email, password) : await signUp(email, password);
    setBusy(false);
    setProblem(failed);
    const next = query.next && query.next.startsWith("/") && !query.next.startsWith("//") ? query.next : "/";
    if (!failed) route(next === "/sign-in" || next === "/sign-up" ? "/" : next);
  };
  return (
    <main id="main" class="auth">
      <div class="auth-card">
        <div class="row spread"><span class="brand">{t("app_name")}</span><LanguageSwitch /></div>
        <h1>{title}</h1>
        <form onSubmit={submit} class="stack" noValidate={false}>
          <label>{t("email")}<input name="email" type="email" autocomplete="username" required /></label>
          <label>
            {t("password")}
            <input name="password" type="password" minLength={mode === "up" ? 10 : 1} autocomplete={mode === "in" ? "current-password" : "new-password"} required aria-describedby={mode === "up" ? "pw-hint" : undefined} />
          </label>
          {mode === "up" ? <small id="pw-hint">{t("password_hint")}</small> : null}
          <ErrorNote problem={problem} />
          <button type="submit" disabled={busy}>{title}</button>
        </form>
        {mode === "in" ? <p><a href="/forgot-password">{t("forgot_password")}</a></p> : null}
        <p>
          {mode === "in" ? <>{t("no_account")} <a href="/sign-up">{t("sign_up")}</a></> : <>{t("have_account")} <a href="/sign-in">{t("sign_in")}</a></>}
        </p>
      </div>
    </main>
  );
}

export const SignInPage = () => <AuthForm mode="in" />;
export const SignUpPage = () => <AuthForm mode="up" />;
