import { Route, Router, useLocation } from "preact-iso";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import { Agents } from "./admin/Agents.tsx";
import { Categories } from "./admin/Categories.tsx";
import { DeadLetters } from "./admin/DeadLetters.tsx";
import { AdminHome, SCREENS } from "./admin/Home.tsx";
import { CannedReplies, Vendors } from "./admin/Lists.tsx";
import { ReportAccess } from "./admin/ReportAccess.tsx";
import { Housekeeping, Satisfaction } from "./admin/Settings.tsx";
import { Sla } from "./admin/Sla.tsx";
import { Teams } from "./admin/Teams.tsx";
import { Tokens } from "./admin/Tokens.tsx";
import { Triage } from "./admin/Triage.tsx";
import { UnfiledMail } from "./admin/Unfiled.tsx";
import "./admin/admin.css";

/** The admin area (its own chunk: agents never download it): a home listing every screen, and the screens. */
export function Admin() {
  const { agent } = useSession();
  const { path } = useLocation();
  if (agent.role !== "admin") return <p role="alert">{t.admin.adminsOnly}</p>;
  return (
    <div class="queue admin-area">
      <nav class="views" aria-label={t.admin.nav}>
        <a href="/app/admin" aria-current={path === "/app/admin" ? "page" : undefined}>
          {t.admin.homeTitle}
        </a>
        {SCREENS.map((screen) => (
          <a
            key={screen}
            href={`/app/admin/${screen}`}
            aria-current={path === `/app/admin/${screen}` ? "page" : undefined}
          >
            {t.admin.screens[screen]![0]}
          </a>
        ))}
      </nav>
      <div class="admin">
        <Router>
          <Route path="/agents" component={Agents} />
          <Route path="/teams" component={Teams} />
          <Route path="/categories" component={Categories} />
          <Route path="/sla" component={Sla} />
          <Route path="/triage" component={Triage} />
          <Route path="/satisfaction" component={Satisfaction} />
          <Route path="/housekeeping" component={Housekeeping} />
          <Route path="/vendors" component={Vendors} />
          <Route path="/canned" component={CannedReplies} />
          <Route path="/tokens" component={Tokens} />
          <Route path="/reports" component={ReportAccess} />
          <Route path="/dead-letters" component={DeadLetters} />
          <Route path="/unfiled" component={UnfiledMail} />
          <Route default component={AdminHome} />
        </Router>
      </div>
    </div>
  );
}
