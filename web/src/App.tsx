import { useEffect, useLayoutEffect, useMemo, useState } from "preact/hooks";
import { LocationProvider, Route, Router, useLocation } from "preact-iso";
import { isSignedIn, onSessionChange, refreshSession } from "./api/session.ts";
import { ReauthDialog } from "./components/ReauthDialog.tsx";
import { Layout } from "./components/Layout.tsx";
import { I18nContext, initialLang, rememberLang, translator, type Lang } from "./i18n/i18n.ts";
import { liveFeed } from "./live/socket.ts";
import { AnchorsPage } from "./pages/AnchorsPage.tsx";
import { BatchPage } from "./pages/BatchPage.tsx";
import { DashboardPage } from "./pages/DashboardPage.tsx";
import { EssayPage } from "./pages/EssayPage.tsx";
import { NewBatchPage } from "./pages/NewBatchPage.tsx";
import { SettingsPage } from "./pages/SettingsPage.tsx";
import { SignInPage, SignUpPage } from "./pages/AuthPages.tsx";
import { ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage } from "./pages/AccountPages.tsx";

// Pages a mailed link opens, signed in or not.
const ACCOUNT_PATHS = ["/verify-email", "/forgot-password", "/reset-password"];

function SignedInRoutes() {
  return (
    <Layout>
      <Router>
        <Route path="/" component={DashboardPage} />
        <Route path="/batches/new" component={NewBatchPage} />
        <Route path="/batches/:batchId" component={BatchPage} />
        <Route path="/batches/:batchId/essays/:essayId" component={EssayPage} />
        <Route path="/anchors" component={AnchorsPage} />
        <Route path="/settings" component={SettingsPage} />
        <Route path="/verify-email" component={VerifyEmailPage} />
        <Route path="/reset-password" component={ResetPasswordPage} />
        <Route default component={DashboardPage} />
      </Router>
    </Layout>
  );
}

function PublicRoutes() {
  const { path, route } = useLocation();
  useEffect(() => {
    if (path !== "/sign-in" && path !== "/sign-up" && !ACCOUNT_PATHS.includes(path)) route(`/sign-in?next=${encodeURIComponent(path)}`, true);
  }, [path]);
  return (
    <Router>
      <Route path="/sign-up" component={SignUpPage} />
      <Route path="/verify-email" component={VerifyEmailPage} />
      <Route path="/forgot-password" component={ForgotPasswordPage} />
      <Route path="/reset-password" component={ResetPasswordPage} />
      <Route default component={SignInPage} />
    </Router>
  );
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const i18n = useMemo(() => ({
    lang, t: translator(lang),
    setLang(next: Lang, remember = true) {
      if (remember) rememberLang(next);
      setLangState(next);
    },
  }), [lang]);

  // In the same commit as the re-render, so the page never shows one language tagged as the other.
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    const update = () => {
      setSignedIn(isSignedIn());
      if (isSignedIn()) liveFeed.start();
      else liveFeed.stop();
    };
    const off = onSessionChange(update);
    // A reload keeps the session: the refresh cookie gives a new access token.
    void refreshSession().then(update);
    return off;
  }, []);

  return (
    <I18nContext.Provider value={i18n}>
      <LocationProvider>
        {signedIn === null ? <p class="loading" role="status">{i18n.t("loading")}</p> : signedIn ? <SignedInRoutes /> : <PublicRoutes />}
        <ReauthDialog />
      </LocationProvider>
    </I18nContext.Provider>
  );
}
