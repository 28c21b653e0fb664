import { DateTime } from "luxon";
import { slaContext } from "../sla/policy.ts";

/**
 * The default range of a report: the `days` days ending today, today being the desk's (its business-hours time
 * zone, the one the counters are keyed by) — not the browser's or the server's, which may already be tomorrow
 * or still yesterday there.
 */
export async function defaultRange(now = new Date(), days = 30) {
  const { hours } = await slaContext(now.getTime());
  const today = DateTime.fromJSDate(now, { zone: hours.timezone }).startOf("day");
  return { from: today.minus({ days: days - 1 }).toISODate()!, to: today.toISODate()! };
}
