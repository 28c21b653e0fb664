import { useEffect, useState } from "preact/hooks";
import { api } from "../api.ts";
import { number } from "../format.ts";
import { t } from "../strings.ts";

/** How often an admin's app looks again (a dead letter is rare; the CloudWatch alarm is the fast path). */
const EVERY_MS = 5 * 60_000;

/** For admins: a banner while any worker's dead-letter queue holds events, linking to the screen that redrives. */
export function DeadLetterBanner() {
  const [total, setTotal] = useState(0);
  useEffect(() => {
    const look = () =>
      api<{ total: number }>("/admin/dead-letters")
        .then(({ data }) => setTotal(data.total))
        .catch(() => undefined);
    look();
    // Like the queue and ticket polls: a hidden tab asks nothing.
    const timer = setInterval(() => document.visibilityState === "visible" && look(), EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  if (total === 0) return null;
  return (
    <p role="alert" class="error banner">
      {t.deadLetterBanner.text(number(total))} <a href="/app/admin/dead-letters">{t.deadLetterBanner.link}</a>
    </p>
  );
}
