import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../api/client.ts";
import { signOut } from "../api/session.ts";
import { useI18n } from "../i18n/i18n.ts";
import { liveFeed, type LiveState } from "../live/socket.ts";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

function Credits() {
  const { t } = useI18n();
  const [balance, setBalance] = useState<number | null>(null);
  useEffect(() => {
    const load = () => void api.GET("/v1/credits").then(({ data }) => setBalance(data?.balance ?? null)).catch(() => undefined);
    load();
    return liveFeed.subscribe((n) => { if (n.type === "pipeline_completed") load(); });
  }, []);
  return balance === null ? null : <span class="credits">{t("credits_left")}: <strong data-testid="credits">{balance}</strong></span>;
}

function LiveIndicator() {
  const { t } = useI18n();
  const [state, setState] = useState<LiveState>("closed");
  useEffect(() => liveFeed.onState(setState), []);
  return <span class={`live live-${state}`} role="status" aria-live="polite">{state === "open" ? `● ${t("live")}` : `○ ${t("offline")}`}</span>;
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { t } = useI18n();
  const { path, route } = useLocation();
  const link = (href: string, label: string) => <a href={href} aria-current={path === href ? "page" : undefined}>{label}</a>;
  return (
    <>
      <a class="skip" href="#main">{t("skip_to_content")}</a>
      <header class="top">
        <a class="brand" href="/">{t("app_name")}</a>
        <nav aria-label="Main">
          {link("/", t("nav_dashboard"))}
          {link("/batches/new", t("nav_new_batch"))}
          {link("/anchors", t("nav_anchors"))}
          {link("/settings", t("nav_settings"))}
          <a href="/docs" target="_blank" rel="noopener">{t("nav_api_docs")}</a>
        </nav>
        <div class="top-right">
          <LiveIndicator />
          <Credits />
          <LanguageSwitch />
          <button type="button" class="secondary" onClick={async () => { await signOut(); route("/sign-in"); }}>{t("sign_out")}</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}
