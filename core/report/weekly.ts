import { DateTime } from "luxon";
import { claimOnce, sendOnce } from "../claim.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { mailboxOrNull } from "../mail/address.ts";
import { sendPlainMail } from "../mail/outbound.ts";
import { slaContext } from "../sla/policy.ts";
import { store } from "../store/index.ts";
import { deflectionReport } from "./desk.ts";
import { satisfactionReport } from "./satisfaction.ts";
import { responseTimesReport, slaReport, volumeReport } from "./volume.ts";
import { weeklyMail } from "./weekly-mail.ts";

/** The headline figures of the seven days before `to` (inclusive), for the weekly mail. */
export async function weeklyFigures(to: string) {
  const from = DateTime.fromISO(to).minus({ days: 6 }).toISODate()!;
  const [volume, times, sla, csat, kb] = await Promise.all([
    volumeReport(from, to, "all"),
    responseTimesReport(from, to, "all"),
    slaReport(from, to, "all"),
    satisfactionReport(from, to, "all"),
    deflectionReport(from, to),
  ]);
  const sum = (rows: Record<string, unknown>[], field: string) =>
    rows.reduce((n, r) => n + (Number(r[field]) || 0), 0);
  const total = times.find((r) => r.date === "all");
  const rate = (met: number, missed: number) =>
    met + missed ? `${Math.round((100 * met) / (met + missed))} %` : "—";
  const good = sum(csat, "good");
  const bad = sum(csat, "bad");
  return {
    from,
    to,
    created: sum(volume, "created"),
    solved: sum(volume, "solved"),
    reopened: sum(volume, "reopened"),
    escalated: sum(volume, "escalated"),
    deflected: sum(
      kb.filter((r) => r.date !== "all"),
      "deflections",
    ),
    firstResponseMedian: total?.firstResponseMedian ?? null,
    resolutionMedian: total?.resolutionMedian ?? null,
    firstResponseCompliance: rate(sum(sla, "firstResponseMet"), sum(sla, "firstResponseMissed")),
    resolutionCompliance: rate(sum(sla, "resolutionMet"), sum(sla, "resolutionMissed")),
    satisfaction:
      good + bad ? `${Math.round((100 * good) / (good + bad))} % good (${good + bad} answers)` : "—",
    satisfactionGood: good,
    satisfactionAnswers: good + bad,
  };
}

/**
 * On Monday from 08:00 (desk time), once per week: mails last week's headline figures to the admins who opted in
 * (`weeklySummary`), each once that week. Called by the sweep; on other days it costs nothing; on Monday, until
 * it is sent, one read of the claim and of the agent directory a run.
 */
export async function sendWeeklySummary(now = new Date()) {
  const { hours } = await slaContext(now.getTime());
  const local = DateTime.fromJSDate(now, { zone: hours.timezone });
  if (local.weekday !== 1 || local.hour < 8) return "not_due";
  const week = `${local.weekYear}-W${String(local.weekNumber).padStart(2, "0")}`;
  const { data: done } = await store()
    .entities.idempotency.get({ scope: "weekly-summary", idemKey: week })
    .go();
  if (done) return "already_sent";
  const { data: agents } = await store().entities.agent.query.directory({}).go({ pages: "all" });
  const to = agents
    .filter((a) => a.active && a.role === "admin" && a.weeklySummary)
    .flatMap((a) => {
      const mailbox = mailboxOrNull(a.email, a.name);
      return mailbox ? [{ mailbox, locale: a.locale }] : [];
    });
  if (to.length === 0) return "nobody_opted_in";
  const f = await weeklyFigures(local.minus({ days: 1 }).toISODate()!);
  const { publicUrl } = config();
  const deskName = await deskNames();
  // Once per admin (a failure for one never mails the others twice), then once for the week.
  const outcomes = [];
  for (const { mailbox: admin, locale } of to) {
    // In each admin's language (the one the desk mails them in).
    const { subject, text } = weeklyMail(f, locale, deskName, publicUrl);
    outcomes.push(
      await sendOnce(
        "weekly-summary",
        `${week}:${admin.address}`,
        { ticketId: "-", number: 0 },
        () => sendPlainMail({ kind: "weekly", to: admin, subject, text, locale }),
        now,
      ).catch((error: Error) => error),
    );
  }
  const failed = outcomes.find((o) => o instanceof Error);
  if (failed) throw failed;
  await claimOnce("weekly-summary", week, { ticketId: "-", number: 0 }, now);
  return outcomes.includes("sent") ? "sent" : "already_sent";
}
