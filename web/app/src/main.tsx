import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { LocationProvider, lazy, Route, Router, useLocation } from "preact-iso";
import { ApiError, api, whenUnauthorized } from "./api.ts";
import { DeadLetterBanner } from "./components/DeadLetterBanner.tsx";
import { MyNotices } from "./components/MyNotices.tsx";
import { SearchBox } from "./components/SearchBox.tsx";
import { Shortcuts } from "./components/Shortcuts.tsx";
import { UndoToast } from "./components/UndoToast.tsx";
import { clearAllDrafts, pruneDrafts } from "./drafts.ts";
import { type Lang, lang, switchLang } from "./locale.ts";
import { KbEdit, KbList } from "./pages/Kb.tsx";
import { Login } from "./pages/Login.tsx";
import { MySignature } from "./pages/MySignature.tsx";
import { NewTicket } from "./pages/NewTicket.tsx";
import { Queue } from "./pages/Queue.tsx";
import { Search } from "./pages/Search.tsx";
import { TicketPage } from "./pages/Ticket.tsx";
import { currentAgent, SessionContext } from "./session.ts";
import { t } from "./strings.ts";
import type { Agent, DeskNames } from "./types.ts";
import { commitNow } from "./undo.ts";
import "./style.css";

// Admin screens load only for admins, in their own chunk.
const Admin = lazy(() => import("./pages/Admin.tsx").then((m) => m.Admin));
// Reports bring a chart library: their own chunk too.
const Reports = lazy(() => import("./pages/Reports.tsx").then((m) => m.Reports));

function Shell() {
  const location = useLocation();
  const [agent, setAgent] = useState<Agent | null | undefined>(undefined);
  // The name an admin gave the desk (Admin → Desk), as the session carried it when the app started or signed in:
  // a rename shows at the next load.
  const [deskName, setDeskName] = useState<DeskNames | null>(null);
  const appName = deskName?.[lang] ?? t.appName;
  useEffect(() => {
    document.title = appName;
  }, [appName]);
  const [langError, setLangError] = useState(false);
  const [signOutError, setSignOutError] = useState(false);
  const onLogin = location.path === "/app/login";

  useEffect(() => {
    whenUnauthorized(() => {
      setAgent(null);
      const here = window.location.pathname + window.location.search;
      location.route(`/app/login?expired=1&next=${encodeURIComponent(here)}`, true);
    });
    currentAgent().then((found) => {
      setAgent(found?.agent ?? null);
      if (found) setDeskName(found.deskName);
      if (!found && !onLogin) {
        const here = window.location.pathname + window.location.search;
        location.route(`/app/login?next=${encodeURIComponent(here)}`, true);
      }
    });
  }, []);

  if (onLogin || agent === null)
    return (
      <Login
        onSignedIn={(signedIn) => {
          setAgent(signedIn.agent);
          setDeskName(signedIn.deskName);
          const next = new URLSearchParams(window.location.search).get("next");
          location.route(next?.startsWith("/app") && !next.startsWith("/app/login") ? next : "/app", true);
        }}
      />
    );
  if (agent === undefined) return <p class="loading">{t.loading}</p>;
  const signOut = async () => {
    // A solve still waiting behind its Undo toast is sent while the session can still carry it.
    await commitNow();
    await api("/auth/logout", { method: "POST" }).catch(() => undefined);
    clearAllDrafts();
    setAgent(null);
    location.route("/app/login", true);
  };
  // Every session of this agent ends (this one too); on failure nothing changed, so the agent stays signed in.
  const signOutEverywhere = async () => {
    await commitNow();
    try {
      await api("/auth/logout-everywhere", { method: "POST" });
    } catch (error) {
      // Already signed out (another device ended every session, a password change): done all the same.
      if (!(error instanceof ApiError && error.status === 401)) {
        setSignOutError(true);
        return;
      }
    }
    clearAllDrafts();
    setAgent(null);
    location.route("/app/login", true);
  };
  return (
    <SessionContext.Provider value={{ agent, signOut, setAgent }}>
      <header class="top">
        <a href="/app" class="brand">
          {appName}
        </a>
        <nav aria-label={t.common.mainNav}>
          <a href="/app">{t.views.all}</a>
          <a href="/app/new">{t.newTicket}</a>
          <a href="/app/kb">{t.kb}</a>
          <a href="/app/reports">{t.reports}</a>
          {agent.role === "admin" && <a href="/app/admin">{t.admin.link}</a>}
        </nav>
        <SearchBox />
        <span class="me">{agent.name}</span>
        <a href="/app/me" class="my-signature-link">
          {t.signature.link}
        </a>
        <select
          aria-label={t.language}
          value={lang}
          onChange={async (e) => {
            const next = (e.currentTarget as HTMLSelectElement).value as Lang;
            // The language an agent picks is also the one the desk mails them in (assignments, mentions): both
            // change together or neither does, and a failure says so.
            const select = e.currentTarget as HTMLSelectElement;
            try {
              await api("/me", { method: "PATCH", body: { locale: next } });
            } catch {
              select.value = lang;
              setLangError(true);
              return;
            }
            setLangError(false);
            switchLang(next);
          }}
        >
          <option value="en">English</option>
          <option value="fr">Français</option>
        </select>
        {langError && (
          <span role="alert" class="error">
            {t.languageSwitch.notSaved}
          </span>
        )}
        <MyNotices agent={agent} onChange={setAgent} />
        <button type="button" onClick={signOut}>
          {t.signOut}
        </button>
        <button type="button" title={t.signOutEverywhere.hint} onClick={signOutEverywhere}>
          {t.signOutEverywhere.label}
        </button>
        {signOutError && (
          <span role="alert" class="error">
            {t.signOutEverywhere.failed}
          </span>
        )}
      </header>
      <main>
        {agent.role === "admin" && <DeadLetterBanner />}
        <Router>
          <Route path="/app" component={Queue} />
          <Route path="/app/queue/:view" component={Queue} />
          <Route path="/app/new" component={NewTicket} />
          <Route path="/app/tickets/:id" component={TicketPage} />
          <Route path="/app/search" component={Search} />
          <Route path="/app/me" component={MySignature} />
          <Route path="/app/kb" component={KbList} />
          <Route path="/app/reports" component={Reports} />
          <Route path="/app/kb/:id" component={KbEdit} />
          {/* "/app/admin/*" needs a segment after admin/, so the top bar's bare /app/admin needs its own route. */}
          <Route path="/app/admin" component={Admin} />
          <Route path="/app/admin/*" component={Admin} />
          <Route default component={Queue} />
        </Router>
      </main>
      <Shortcuts />
      <UndoToast />
    </SessionContext.Provider>
  );
}

pruneDrafts();
render(
  <LocationProvider scope="/app">
    <Shell />
  </LocationProvider>,
  document.getElementById("root")!,
);
