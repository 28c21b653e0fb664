import { DateTime } from "luxon";
import { businessMinutesBetween } from "../sla/calendar.ts";
import { slaContext } from "../sla/policy.ts";
import { STATUSES } from "../store/entities/ticket.ts";
import { store, type TicketItem } from "../store/index.ts";
import { SHARDS } from "../store/table.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { batchWrite, counterItem, monthItems, type Target } from "./counters.ts";
import { type Fact, filedAsSpam, MISSED } from "./facts.ts";
import { commentItem, counterMoves, keysOf, statChanges } from "./stats.ts";

/**
 * Rebuilds every report counter from the tickets themselves (for upgrades and repairs): reads each ticket with
 * its timeline, replays what the changes meant (created, replies, first response, reopenings, escalations,
 * solves, surveys and ratings) on the days they happened, then replaces the counters of the months it touched;
 * files each ticket's satisfaction comment again.
 * Counters are kept under the ticket's dimensions as they are now (the live path uses them as they were when
 * each event was counted), only the last resolution's SLA outcome survives in a ticket, and a breach counts on
 * the day its target fell due (the sweep noticed it minutes later). Reads every ticket:
 * a tool for operators, never a request path.
 */
export async function rebuildReports(onProgress: (done: number) => void = () => {}) {
  const ctx = await slaContext();
  // Per counter item (`<day>|<dim>|<key>`): its target and metrics.
  const counters = new Map<string, { day: string; target: Target; metrics: Record<string, number> }>();
  const dayOf = (iso: string) => DateTime.fromISO(iso, { zone: ctx.hours.timezone }).toISODate()!;
  const count = (
    ticket: TicketItem,
    at: string,
    facts: Fact[],
    extra: { metric: string; delta: number }[] = [],
  ) => {
    const day = dayOf(at);
    const changes = [
      ...statChanges({ type: "ticket.facts", id: "-", occurredAt: at, ticketId: ticket.ticketId, facts }),
      ...extra,
    ];
    for (const { target, metrics } of counterMoves(changes, keysOf(ticket))) {
      const id = `${day}|${target.dim}|${target.key}`;
      const item = counters.get(id) ?? { day, target, metrics: {} };
      for (const [metric, n] of Object.entries(metrics))
        item.metrics[metric] = (item.metrics[metric] ?? 0) + n;
      counters.set(id, item);
    }
  };

  let done = 0;
  for (const status of STATUSES)
    for (let shard = 0; shard < SHARDS; shard++) {
      let cursor: string | null = null;
      do {
        const page: { data: TicketItem[]; cursor: string | null } = (await store()
          .entities.ticket.query.byStatus({ status, shard })
          .go({ cursor, limit: 100 })) as never;
        await Promise.all(
          page.data.map(async (item) => {
            const { ticket, entries } = await getTicketWithTimeline(item.ticketId);
            // Spam filed as such is in no figure (core/report/facts.ts); a ticket tagged spam after it was worked on
            // stays counted, as live.
            if (filedAsSpam(ticket)) return;
            count(ticket, ticket.createdAt, [{ metric: "created" }]);
            const minutes = (from: string, to: string) =>
              Math.round(businessMinutesBetween(new Date(from), new Date(to), ctx.hours));
            // Replay the timeline: replies, solves (timed from creation), reopenings, escalations.
            const start = ticket.createdAt;
            // As the live facts: on a ticket nobody owns, a first response and a solve count for who made them.
            const byAgent = (authorId?: string) =>
              !ticket.assigneeId && authorId ? { agentId: authorId } : {};
            const responder = byAgent(entries.find((e) => e.kind === "agent_reply")?.authorId);
            let lastSolver: string | undefined;
            let replies = 0;
            let reopens = 0;
            for (const e of entries) {
              if (e.kind === "agent_reply") {
                replies++;
                count(ticket, e.createdAt, [
                  { metric: "reply", ...(e.authorId ? { agentId: e.authorId } : {}) },
                ]);
              }
              // One escalation per write, as the live facts see it: to the last tier, for the last reason.
              const raises = (e.changes ?? []).filter(
                (c) => c.field === "tier" && c.to && c.from && c.to > c.from,
              );
              if (raises.length) {
                const reason = (e.changes ?? []).findLast((r) => r.field === "escalationReason")?.to;
                count(ticket, e.createdAt, [
                  { metric: "escalated", detail: raises.at(-1)!.to! },
                  { metric: "escalation_reason", detail: reason ?? "unspecified" },
                ]);
              }
              const done = (s?: string) => s === "solved" || s === "closed";
              // A merge closes the ticket in the same entry: merged away while open, as the live fact says.
              const changes = e.changes ?? [];
              if (
                changes.some((c) => c.field === "mergedInto") &&
                changes.some((c) => c.field === "status" && !done(c.from))
              )
                count(ticket, e.createdAt, [{ metric: "merged" }]);
              for (const c of e.changes ?? []) {
                if (c.field === "status" && c.to === "solved" && !done(c.from)) {
                  lastSolver = e.authorId;
                  count(ticket, e.createdAt, [
                    { metric: "solved", minutes: minutes(start, e.createdAt), ...byAgent(e.authorId) },
                    ...(replies === 1 && reopens === 0
                      ? [{ metric: "one_touch" as const, ...byAgent(e.authorId) }]
                      : []),
                  ]);
                }
                if (c.field === "status" && done(c.from) && !done(c.to)) {
                  reopens++;
                  count(ticket, e.createdAt, [{ metric: "reopened" }]);
                }
              }
            }
            // First response with its SLA outcome; the SLA outcome of the last resolution (earlier targets are gone).
            const met = (at: string, due?: string) => (!due || at <= due ? "met" : "missed");
            const breached = ticket.slaBreached ?? [];
            if (ticket.firstResponseAt) {
              count(ticket, ticket.firstResponseAt, [
                {
                  metric: "first_response",
                  minutes: minutes(ticket.createdAt, ticket.firstResponseAt),
                  ...responder,
                },
                // A breached target counts missed with its breach (below), as the live facts do.
                ...(breached.includes("firstResponse")
                  ? []
                  : [
                      {
                        metric: "sla" as const,
                        detail: `first_response_${met(ticket.firstResponseAt, ticket.firstResponseDueAt)}`,
                        ...responder,
                      },
                    ]),
              ]);
            }
            if (
              (ticket.status === "solved" || ticket.status === "closed") &&
              ticket.solvedAt &&
              !breached.includes("resolution")
            )
              count(ticket, ticket.solvedAt, [
                {
                  metric: "sla",
                  detail: `resolution_${met(ticket.solvedAt, ticket.resolutionDueAt)}`,
                  ...byAgent(lastSolver),
                },
              ]);
            // Breaches: when the sweep saw them is not kept, so each counts on the day its target fell due.
            const dueOf = {
              firstResponse: ticket.firstResponseDueAt,
              resolution: ticket.resolutionDueAt,
              vendor: ticket.vendorDueAt,
            } as Record<string, string | undefined>;
            for (const target of ticket.slaBreached ?? [])
              if (dueOf[target])
                count(ticket, dueOf[target]!, [
                  { metric: "breach", detail: target },
                  ...(MISSED[target] ? [{ metric: "sla" as const, detail: MISSED[target] }] : []),
                ]);
            if (ticket.csatRequestedAt)
              count(ticket, ticket.csatRequestedAt, [], [{ metric: "csat_sent", delta: 1 }]);
            if (ticket.csatRating && ticket.csatRatedAt)
              count(ticket, ticket.csatRatedAt, [], [{ metric: `csat_${ticket.csatRating}`, delta: 1 }]);
            if (ticket.csatRating && ticket.csatRatedAt && ticket.csatComment) {
              const day = dayOf(ticket.csatFirstRatedAt ?? ticket.csatRatedAt);
              const said = {
                rating: ticket.csatRating,
                comment: ticket.csatComment,
                ratedAt: ticket.csatRatedAt,
              };
              await store()
                .entities.feedback.put(commentItem(ticket, said, day))
                .go();
            }
          }),
        );
        done += page.data.length;
        onProgress(done);
        cursor = page.cursor;
      } while (cursor);
    }

  // Replace the counters of every month that has any: both layouts' items of the tickets' dimensions go, the
  // knowledge base's (`kb`, first layout: not in the tickets) stay; the packed layout is written.
  const months = new Set([...counters.values()].map(({ day }) => day.slice(0, 7)));
  for (const month of months) {
    const old = (await monthItems(month)).filter((item) => item.dim !== "kb");
    await batchWrite(old.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })));
  }
  const items = [...counters.values()]
    .map(({ day, target, metrics }) => counterItem(day, target, metrics))
    .filter((item) => Object.keys(item).length > 2);
  await batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  return { tickets: done, counters: items.length, months: months.size };
}
