import { DeskError, notFound } from "../error.ts";
import { openPage, sealPage } from "../store/cursor.ts";
import { store } from "../store/index.ts";
import type { DeskAddresses } from "./automatic.ts";
import { deskAddresses } from "./desk-addresses.ts";
import { fileInboundMail } from "./inbound.ts";
import { readStoredFile } from "./raw-store.ts";
import { isCopyable } from "./sender.ts";

export type UnfiledView = ReturnType<typeof toUnfiled>;

const toUnfiled = (item: NonNullable<Awaited<ReturnType<typeof getUnfiledItem>>>, desk: DeskAddresses) => ({
  id: item.unfiledId,
  reason: item.reason,
  detail: item.detail,
  receivedAt: item.receivedAt,
  from:
    item.fromAddress || item.fromName
      ? {
          address: item.fromAddress ?? null,
          name: item.fromName ?? null,
          /** Whether filing by hand would take this address as requester (not the desk's own, a no-reply box…). */
          usableAsRequester: Boolean(item.fromAddress && isCopyable(item.fromAddress, null, desk)),
        }
      : null,
  subject: item.subject ?? null,
  size: item.size,
  /** Set aside on purpose (`ignored`, `quarantined`) rather than failed; null for mail waiting to be filed. */
  setAside: item.setAside ?? null,
  /** When a set-aside message leaves the list by itself. */
  expiresAt: item.expiresAt ? new Date(item.expiresAt * 1000).toISOString() : null,
});

const expired = (item: { expiresAt?: number }, now: Date) =>
  item.expiresAt !== undefined && item.expiresAt * 1000 <= now.getTime();

/** A quarantined message (a virus) is shown with its reason, never handed out nor filed. */
const refuseQuarantined = (item: { setAside?: string }) => {
  if (item.setAside === "quarantined")
    throw new DeskError(
      "conflict",
      "quarantined",
      "This message was quarantined (virus verdict): it cannot be downloaded or filed, only dismissed",
    );
};

async function getUnfiledItem(unfiledId: string) {
  const { data } = await store().entities.unfiled.get({ unfiledId }).go({ consistent: true });
  return data;
}

/** The unfiled list, newest first: one Query of the `UNFILED` partition per page. */
export async function listUnfiled(limit: number, cursor?: string) {
  // Sealed like every list's cursor: one this list did not issue answers 400, and an outage stays a 5xx.
  // DynamoDB's TTL removes expired items within days, not on the second: they are hidden meanwhile, and a page
  // reads on (a few rounds at most) rather than come back empty with mail waiting behind it.
  const now = new Date();
  const desk = await deskAddresses();
  const items: UnfiledView[] = [];
  let next: string | null = openPage("unfiled", cursor) ?? null;
  for (let round = 0; round < 5 && items.length < limit; round++) {
    const page = await store()
      .entities.unfiled.query.byId({})
      .go({ order: "desc", limit: limit - items.length, cursor: next });
    items.push(...page.data.filter((item) => !expired(item, now)).map((item) => toUnfiled(item, desk)));
    next = page.cursor ?? null;
    if (!next) break;
  }
  return { items, cursor: sealPage("unfiled", next) };
}

/** The raw original of an unfiled message, to download. */
export async function unfiledOriginal(unfiledId: string) {
  const item = await getUnfiledItem(unfiledId);
  if (!item) throw notFound("Unfiled message");
  refuseQuarantined(item);
  return { raw: await readStoredFile(item.rawKey), name: `${item.unfiledId}.eml` };
}

/**
 * An admin files an unfiled message by hand, as a new ticket from the requester they name, through the normal
 * filing (attachments, HTML, triage, acknowledgement). Its place in the message references is released first;
 * the ticket transaction takes it again, so a retry finds the ticket instead of filing twice. A message that
 * cannot even be read becomes a ticket whose only attachment is the original.
 */
export async function fileUnfiledByHand(
  unfiledId: string,
  requester: { email: string; name?: string },
  now = new Date(),
): Promise<{ ticketId: string }> {
  const email = requester.email.trim().toLowerCase();
  if (!isCopyable(email, null, await deskAddresses()))
    throw new DeskError(
      "validation",
      "invalid_requester",
      "The requester must be a valid address to write to",
      {
        fields: { requesterEmail: "a valid, non no-reply address" },
      },
    );
  const item = await getUnfiledItem(unfiledId);
  if (!item) throw notFound("Unfiled message");
  refuseQuarantined(item);
  // Released unless the message was filed meanwhile (whatever else holds its place: this list item, or a copy set
  // aside again after a filing by hand failed halfway).
  await store()
    .entities.messageRef.delete({ messageId: item.messageKey })
    .where(({ outcome }, { ne }) => ne(outcome, "filed"))
    .go()
    .catch((error: unknown) => {
      if (!String(error).includes("conditional request failed")) throw error;
    });
  const name = requester.name?.trim() || email;
  const result = await fileInboundMail(item.rawKey, now, { requester: { address: email, name } });
  const ticketId = "ticketId" in result ? result.ticketId : undefined;
  if (!ticketId)
    throw new DeskError(
      "conflict",
      "not_filed",
      `The message could not be filed (${result.outcome}${"reason" in result && result.reason ? `: ${result.reason}` : ""}); reload the list`,
    );
  await store().entities.unfiled.delete({ unfiledId }).go();
  return { ticketId };
}

/** An admin dismisses an unfiled message: it leaves the list (its original stays in the bucket). */
export async function dismissUnfiled(unfiledId: string) {
  const item = await getUnfiledItem(unfiledId);
  if (!item) throw notFound("Unfiled message");
  await store().entities.unfiled.delete({ unfiledId }).go();
}
