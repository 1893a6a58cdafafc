import { useEffect, useRef, useState } from "preact/hooks";
import { cancelReauthentication, onReauthenticationNeeded, signIn, type ApiProblem } from "../api/session.ts";
import { useI18n } from "../i18n/i18n.ts";
import { ErrorNote } from "./ErrorNote.tsx";

/** Sign in again over the current page when the session ran out, so unsaved work stays. */
export function ReauthDialog() {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => onReauthenticationNeeded(setOpen), []);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open) dialog.current?.close();
  }, [open]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setProblem(await signIn(String(form.get("email")), String(form.get("password"))));
  };
  return (
    <dialog ref={dialog} aria-labelledby="reauth-title" onCancel={() => cancelReauthentication()}>
      {open ? <form onSubmit={submit} class="stack">
        <h2 id="reauth-title">{t("sign_in")}</h2>
        <p>{t("session_expired")}</p>
        <label>{t("email")}<input name="email" type="email" autocomplete="username" required /></label>
        <label>{t("password")}<input name="password" type="password" autocomplete="current-password" required /></label>
        <ErrorNote problem={problem} />
        <div class="row">
          <button type="submit">{t("sign_in")}</button>
          <button type="button" class="secondary" onClick={() => cancelReauthentication()}>{t("cancel")}</button>
        </div>
      </form> : null}
    </dialog>
  );
}
