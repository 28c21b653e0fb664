import { Route, Router } from "preact-iso";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import { Agents } from "./admin/Agents.tsx";
import { Categories } from "./admin/Categories.tsx";
import { DeadLetters } from "./admin/DeadLetters.tsx";
import { CannedReplies, Tokens, Vendors } from "./admin/Lists.tsx";
import { ReportAccess } from "./admin/ReportAccess.tsx";
import { Sla } from "./admin/Sla.tsx";
import { Teams } from "./admin/Teams.tsx";
import { UnfiledMail } from "./admin/Unfiled.tsx";

const SCREENS = [
  "agents",
  "teams",
  "categories",
  "sla",
  "vendors",
  "canned",
  "tokens",
  "reports",
  "dead-letters",
  "unfiled",
];

/** The admin area (its own chunk: agents never download it). */
export function Admin() {
  const { agent } = useSession();
  if (agent.role !== "admin") return <p role="alert">{t.common.adminsOnly}</p>;
  return (
    <div class="queue">
      <nav class="views" aria-label={t.adminArea.nav}>
        {SCREENS.map((path) => (
          <a key={path} href={`/app/admin/${path}`}>
            {t.adminArea.screens[path]}
          </a>
        ))}
      </nav>
      <div>
        <Router>
          <Route path="/agents" component={Agents} />
          <Route path="/teams" component={Teams} />
          <Route path="/categories" component={Categories} />
          <Route path="/sla" component={Sla} />
          <Route path="/vendors" component={Vendors} />
          <Route path="/canned" component={CannedReplies} />
          <Route path="/tokens" component={Tokens} />
          <Route path="/reports" component={ReportAccess} />
          <Route path="/dead-letters" component={DeadLetters} />
          <Route path="/unfiled" component={UnfiledMail} />
          <Route default component={Agents} />
        </Router>
      </div>
    </div>
  );
}
