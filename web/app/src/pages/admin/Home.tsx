import { t } from "../../strings.ts";
import { DeskNameSection } from "./DeskName.tsx";

/** Every admin screen, in the order an admin sets up a desk. */
export const SCREENS = [
  "agents",
  "teams",
  "categories",
  "sla",
  "triage",
  "satisfaction",
  "housekeeping",
  "vendors",
  "canned",
  "tokens",
  "reports",
  "dead-letters",
  "unfiled",
] as const;

/** Where the top bar's Admin link lands: each screen with a line saying what it sets. */
export function AdminHome() {
  return (
    <section aria-labelledby="admin-home-title">
      <h1 id="admin-home-title">{t.admin.homeTitle}</h1>
      <p>{t.admin.homeIntro}</p>
      <DeskNameSection />
      <ul class="admin-cards">
        {SCREENS.map((screen) => {
          const [title, about] = t.admin.screens[screen]!;
          return (
            <li key={screen}>
              <a href={`/app/admin/${screen}`}>{title}</a>
              <p>{about}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
