import * as z from "zod";
import { getAgentItem } from "../agent/agent.ts";
import { hitRateLimit } from "../auth/rate-limit.ts";
import { sendOnce } from "../claim.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { writeSetting } from "../desk/settings.ts";
import { type DeskName, signature } from "../desk/signature.ts";
import { DeskError } from "../error.ts";
import { mailboxOf, notifiable } from "../mail/agent-notices.ts";
import { sendPlainMail } from "../mail/outbound.ts";
import { store } from "../store/index.ts";
import { clearMarker } from "./sweep-settings.ts";

/** Safety-net alerts an agent gets one by one per hour; past that they wait for the next sweep's digest. */
export const ALERTS_ALONE_PER_HOUR = 5;
/** At most this many waiting alerts are read per sweep (the rest wait for the next). */
const DIGEST_ITEMS_PER_SWEEP = 500;

/**
 * Whether this safety-net alert may go out as its own mail: the first few per agent per hour do; past that it
 * is kept for the agent's digest (never dropped) and false is returned. A redelivered alert counts once.
 */
export async function alertAloneOrDigest(
  agentId: string,
  alert: { eventId: string; ticketId: string; number: number; subject: string },
  now = new Date(),
): Promise<boolean> {
  // Already mailed alone (a redelivery after a later alert filled the hour): the claim answers, no digest line.
  const { data: claimed } = await store()
    .entities.idempotency.get({ scope: "notice", idemKey: `${alert.eventId}#${agentId}` })
    .go({ consistent: true });
  if (claimed) return true;
  try {
    await hitRateLimit(
      `safety-alerts:${agentId}`,
      { max: ALERTS_ALONE_PER_HOUR, windowSeconds: 3600 },
      now,
      alert.eventId,
    );
    return true;
  } catch (error) {
    if (!(error instanceof DeskError) || error.code !== "rate_limited") throw error;
  }
  // The marker first: a digest item is never stored without one (the sweep reads the digests only then).
  await writeSetting(DIGEST_PENDING, Marker, {});
  await store()
    .entities.noticeDigest.put({ agentId, ...alert, createdAt: now.toISOString() })
    .go();
  return false;
}

/** Set before a digest item is stored, in the settings the sweep reads anyway: digests are waiting. */
export const DIGEST_PENDING = "digest-pending";
const Marker = z.object({});
/** Longest a writer can take from its marker to its item (Lambda's longest timeout): see `sendDigests`. */
const WRITER_MS = 15 * 60_000;
/** Without a marker the digests are still read every this many minutes (an item stored by an older version). */
const UNMARKED_EVERY_MINUTES = 15;

/**
 * Mails each agent their waiting alerts as one message — one mail per agent per sweep, however many tickets —
 * then deletes them. One Query on the digest partition (empty: 0.5 RRU). A crash after sending and before
 * deleting is caught by the claim on the agent's last item: the next sweep deletes without sending again.
 *
 * The sweep passes the digest marker from the settings it read: without one (nothing was digested) it skips the
 * Query, except every 15th minute. The marker is cleared once it is older than any writer can take to store its
 * item after it (so this run's Query saw that item) and nothing is left, conditioned on nobody having set it
 * again since it was read.
 */
export async function sendDigests(
  now = new Date(),
  known?: { marker?: { updatedAt: string } },
): Promise<number> {
  const marker = known?.marker;
  if (known && !marker && Math.floor(now.getTime() / 60_000) % UNMARKED_EVERY_MINUTES !== 0) return 0;
  const { data } = await store()
    .entities.noticeDigest.query.byAgent({})
    .go({ limit: DIGEST_ITEMS_PER_SWEEP });
  // Every item stored under this marker was stored by now, so this Query saw it (and deleted it below).
  const clear = async () => {
    const settled = marker && marker.updatedAt < new Date(now.getTime() - WRITER_MS).toISOString();
    if (settled && data.length < DIGEST_ITEMS_PER_SWEEP) await clearMarker(DIGEST_PENDING, marker);
  };
  if (data.length === 0) {
    await clear();
    return 0;
  }
  const byAgent = new Map<string, typeof data>();
  for (const item of data) byAgent.set(item.agentId, [...(byAgent.get(item.agentId) ?? []), item]);
  let sent = 0;
  for (const [agentId, items] of byAgent) {
    const agent = await notifiable(await getAgentItem(agentId));
    const last = items.at(-1)!;
    if (agent) {
      const outcome = await sendOnce(
        "safety-digest",
        `${agentId}#${last.eventId}`,
        { ticketId: last.ticketId, number: last.number },
        async () =>
          sendPlainMail({
            kind: "digest",
            to: mailboxOf(agent),
            ...digestMail(items, agent.locale, await deskNames()),
            locale: agent.locale,
          }),
        now,
      );
      if (outcome === "sent") sent++;
    }
    await store()
      .entities.noticeDigest.delete(items.map(({ agentId, eventId }) => ({ agentId, eventId })))
      .go();
  }
  await clear();
  return sent;
}

function digestMail(
  items: { ticketId: string; subject: string }[],
  locale: "en" | "fr" | undefined,
  deskName: DeskName,
) {
  const { publicUrl } = config();
  const list = items.map((i) => `- ${i.subject}\n  ${publicUrl}/app/tickets/${i.ticketId}`).join("\n");
  if (locale === "fr")
    return {
      subject: `${items.length} tickets attendent quelqu'un`,
      text: `Personne ne s'occupe de ces tickets :\n\n${list}\n\nTous les tickets sans responsable : ${publicUrl}/app/\n\n— ${signature(deskName, "fr")}`,
    };
  return {
    subject: `${items.length} tickets need someone`,
    text: `Nobody is looking after these tickets:\n\n${list}\n\nEvery unassigned ticket: ${publicUrl}/app/\n\n— ${signature(deskName, "en")}`,
  };
}
