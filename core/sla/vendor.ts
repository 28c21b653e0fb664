import * as z from "zod";
import { deskNames } from "../desk/name.ts";
import { DeskError, notFound } from "../error.ts";
import type { DeskEvent } from "../events/schema.ts";
import type { ExpectedVersion } from "../expected-version.ts";
import { newId } from "../ids.ts";
import { mailboxOrNull, mailboxText } from "../mail/address.ts";
import { sendAutoMailOnce } from "../mail/outbound.ts";
import { type EntryItem, store } from "../store/index.ts";
import { multiLine, singleLine } from "../text.ts";
import { TEXT_LIMITS } from "../text-limits.ts";
import { changeTicket, type MessageRefRecord } from "../ticket/commit.ts";
import { said } from "../ticket/event-text.ts";
import { Email } from "../ticket/input.ts";
import type { Actor } from "../ticket/model.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { wroteOnTicketNotice } from "../ticket/wrote-notice.ts";
import { addBusinessMinutes } from "./calendar.ts";
import { slaContext } from "./policy.ts";

export const VendorInput = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Lowercase letters, digits and dashes, up to 40 characters"),
  name: singleLine().trim().min(1).max(TEXT_LIMITS.directoryName),
  email: Email,
  /** Business minutes the vendor's contract gives them to answer a hand-off. */
  responseMinutes: z.number().int().min(1).max(525_600).nullable().optional(),
});
export const VendorUpdate = VendorInput.omit({ id: true }).partial();
export const HandOff = z.object({
  vendorId: z.string().min(1).max(40),
  /** What the vendor should do; mailed to them with the ticket's summary. */
  message: multiLine().trim().min(1).max(TEXT_LIMITS.vendorMessage),
});

type VendorItem = NonNullable<Awaited<ReturnType<typeof getVendorItem>>>;
const toVendor = (v: VendorItem) => ({
  id: v.vendorId,
  name: v.name,
  email: v.email,
  responseMinutes: v.responseMinutes ?? null,
});

const getVendorItem = async (vendorId: string) => (await store().entities.vendor.get({ vendorId }).go()).data;

export async function listVendors() {
  const { data } = await store().entities.vendor.query.byId({}).go({ pages: "all" });
  return data.map(toVendor);
}

export async function createVendor(input: z.infer<typeof VendorInput>, now = new Date()) {
  const at = now.toISOString();
  const item = {
    vendorId: input.id,
    name: input.name,
    email: input.email,
    responseMinutes: input.responseMinutes ?? undefined,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await store().entities.vendor.create(item).go();
  } catch (error) {
    if (String(error).includes("conditional request failed"))
      throw new DeskError("conflict", "already_exists", `Vendor "${input.id}" already exists`);
    throw error;
  }
  return toVendor(item);
}

export async function updateVendor(vendorId: string, input: z.infer<typeof VendorUpdate>, now = new Date()) {
  if (!(await getVendorItem(vendorId))) throw notFound("Vendor");
  const { responseMinutes, ...rest } = input;
  let update = store()
    .entities.vendor.patch({ vendorId })
    .set({ ...rest, ...(responseMinutes ? { responseMinutes } : {}), updatedAt: now.toISOString() });
  if (responseMinutes === null) update = update.remove(["responseMinutes"]);
  const { data } = await update.go({ response: "all_new" });
  return toVendor({ ...data, vendorId } as VendorItem);
}

/**
 * An agent hands the ticket to an external vendor: tier L4, the vendor's contract clock starts, and the vendor
 * is mailed a summary from the desk's address (their replies thread back as vendor messages).
 */
export async function handOff(
  ticketId: string,
  input: z.infer<typeof HandOff>,
  actor: Extract<Actor, { type: "agent" }>,
  expectedVersion?: ExpectedVersion,
  now = new Date(),
) {
  const vendor = await getVendorItem(input.vendorId);
  if (!vendor)
    throw new DeskError("validation", "validation", `No vendor "${input.vendorId}"`, {
      fields: { vendorId: `No vendor "${input.vendorId}"` },
    });
  const ctx = await slaContext(now.getTime());
  const at = now.toISOString();
  const entryId = newId(now);
  return changeTicket(ticketId, expectedVersion, (before) => {
    if (before.status === "solved" || before.status === "closed")
      throw new DeskError("conflict", "invalid_transition", "Only an open ticket can be handed to a vendor");
    const entry: EntryItem = {
      ticketId,
      entryId,
      kind: "internal_note",
      createdAt: at,
      authorType: "agent",
      authorId: actor.agentId,
      authorName: actor.name,
      authorEmail: actor.email,
      body: `${handedTo(vendor)}${input.message}`,
      changes: [
        { field: "tier", from: before.tier, to: "L4" },
        { field: "escalationReason", from: before.escalationReason, to: "vendor" },
        { field: "vendorId", from: before.vendorId, to: vendor.vendorId },
      ],
    };
    const event: DeskEvent = {
      type: "ticket.vendor_handoff",
      id: newId(now),
      occurredAt: at,
      ticketId,
      vendorId: vendor.vendorId,
      entryId,
    };
    return {
      after: {
        ...before,
        tier: "L4",
        escalationReason: "vendor",
        vendorId: vendor.vendorId,
        vendorSince: at,
        vendorDueAt: vendor.responseMinutes
          ? addBusinessMinutes(now, vendor.responseMinutes, ctx.hours).toISOString()
          : undefined,
        vendorRespondedAt: undefined,
        slaBreached: (before.slaBreached ?? []).filter((x) => x !== "vendor"),
        version: before.version + 1,
        updatedAt: at,
        lastActivityAt: at,
      },
      entries: [entry],
      events: [event],
    };
  });
}

/** The start of a hand-off note: who the ticket went to. */
const handedTo = (vendor: { name: string; email: string }) =>
  `Handed to ${mailboxText(vendor.email, vendor.name)}: `;

/** Mails the vendor the hand-off: what the agent asked, and the customer's request. Once per hand-off. */
export async function mailVendor(event: { id: string; ticketId: string; vendorId: string; entryId: string }) {
  const [vendor, { ticket, entries }] = await Promise.all([
    getVendorItem(event.vendorId),
    getTicketWithTimeline(event.ticketId),
  ]);
  const note = entries.find((e) => e.entryId === event.entryId);
  const to = vendor && mailboxOrNull(vendor.email, vendor.name);
  if (!vendor || !note || !to) return "skipped";
  // A message cut short in transit is quoted by its complete copy, once that came (core/mail/complete-copy.ts).
  const first = entries.find((e) => e.kind === "customer_message" && !e.supersededBy);
  const deskName = (await deskNames()).en;
  // The note starts with who it went to; the vendor gets what the agent asked (a renamed vendor gets it all).
  const body = note.body ?? "";
  const asked = body.startsWith(handedTo(vendor)) ? body.slice(handedTo(vendor).length) : body;
  return sendAutoMailOnce(
    "vendor-handoff",
    event.id,
    ticket,
    {
      kind: "v",
      to,
      subject: `[#${ticket.number}] ${ticket.subject}`,
      text: `Hello ${vendor.name},\n\n${asked}\n\nTicket #${ticket.number}, priority ${ticket.priority}. The request:\n\n${first?.body ?? ticket.subject}\n\nPlease reply to this message; your answer reaches the agent in charge.\n\n— ${deskName}`,
      locale: "en", // the hand-off is written in English: its From name too
    },
    {
      body: `Mailed the hand-off to ${mailboxText(vendor.email, vendor.name)}.`,
      what: said("vendor_handoff_sent", { to: vendor.name }),
    },
  );
}

/** Whether an inbound mail on this ticket comes from the vendor holding it. */
export async function isFromVendor(ticket: { vendorId?: string }, address: string) {
  if (!ticket.vendorId) return false;
  const vendor = await getVendorItem(ticket.vendorId);
  return vendor?.email.toLowerCase() === address.toLowerCase();
}

/**
 * The vendor wrote back: kept on the timeline for agents (not shown to the customer), meets the vendor's
 * response target, and tells the owner.
 */
export async function addVendorMessage(
  ticketId: string,
  input: {
    body: string;
    from: { name: string; email: string };
    extras: Pick<EntryItem, "entryId" | "mail" | "html" | "attachments">;
    messageRef?: MessageRefRecord;
  },
  now = new Date(),
) {
  const at = now.toISOString();
  return changeTicket(ticketId, undefined, (before) => {
    const entry: EntryItem = {
      ticketId,
      createdAt: at,
      kind: "vendor_message",
      authorType: "vendor",
      authorName: input.from.name,
      authorEmail: input.from.email,
      channel: "email",
      body: input.body,
      ...input.extras,
    };
    // The notice quotes the answer in both languages: capped as the held-mail notice is, so the event stays far
    // below SNS's 256 KB (the full answer is on the ticket).
    const quoted = input.body.slice(0, 4000);
    const events = wroteOnTicketNotice(
      before,
      input.from,
      {
        en: { headline: "The vendor answered", after: ":" },
        fr: { headline: "Le fournisseur a répondu", after: " :" },
      },
      quoted,
      now,
    );
    return {
      after: {
        ...before,
        vendorRespondedAt: before.vendorRespondedAt ?? at,
        version: before.version + 1,
        updatedAt: at,
        lastActivityAt: at,
      },
      entries: [entry],
      events,
      messageRef: input.messageRef && { ...input.messageRef, ticketId, entryId: input.extras.entryId },
    };
  });
}
