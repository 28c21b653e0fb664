import { assertAssignable, assertCategory, assertTeam } from "../agent/directory.ts";
import { sha256 } from "../auth/crypto.ts";
import { issuePortalToken } from "../auth/portal-token.ts";
import { DeskError } from "../error.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId, shardOf } from "../ids.ts";
import type { FilePlace } from "../mail/file-keys.ts";
import { deleteStoredFiles } from "../mail/raw-store.ts";
import { requesterName } from "../mail/sender.ts";
import { prefetchSlaContext } from "../sla/policy.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { cleanLine } from "../text.ts";
import { assignmentEvents } from "./assignment.ts";
import {
  commitTicketChange,
  IdempotencyRaceError,
  type IdempotencyRecord,
  type MessageRefRecord,
} from "./commit.ts";
import { said } from "./event-text.ts";
import { type AgentTicketInput, localeFromAcceptLanguage, type TicketSubmission } from "./input.ts";
import { type Actor, queueOf } from "./model.ts";
import { NO_SUBJECT } from "./placeholder-text.ts";
import { mayBeStored } from "./write-outcome.ts";

/** Web idempotency keys are remembered this long. */
const IDEMPOTENCY_TTL_SECONDS = 7 * 86_400;

export interface NewTicket {
  name: string;
  email: string;
  subject: string;
  message: string;
  locale: "en" | "fr";
  channel: TicketItem["channel"];
  priority?: TicketItem["priority"];
  team?: string;
  category?: string;
  assigneeId?: string;
  tags?: string[];
  cc?: string[];
  /** Spam is filed solved, out of the queues (an agent can reopen a false positive). */
  status?: "new" | "solved";
  /** Mail fields of the first message (envelope, sanitized HTML, attachments), and its pre-chosen id. */
  firstEntry?: Pick<EntryItem, "entryId" | "mail" | "html" | "attachments">;
  linkedTicketId?: string;
}

export interface Created {
  ticket: TicketItem;
  portalToken: string;
  /** True when an earlier submission with the same idempotency key was returned instead. */
  replayed: boolean;
}

/** Allocates the next human ticket number (#1, #2, …) with an atomic counter: one UpdateItem. */
async function nextTicketNumber(): Promise<number> {
  const { data } = await store()
    .entities.counter.update({ name: "ticket" })
    .add({ value: 1 })
    .go({ response: "updated_new" });
  if (typeof data.value !== "number") throw new Error("Ticket counter returned no value");
  return data.value;
}

/** The record a submission under this key left (one consistent GetItem), or null. */
export async function storedSubmission(scope: string, idemKey: string) {
  const { data } = await store().entities.idempotency.get({ scope, idemKey }).go({ consistent: true });
  return data;
}
type SubmissionRecord = NonNullable<Awaited<ReturnType<typeof storedSubmission>>>;

async function findIdempotent(scope: string, idemKey: string, fingerprint: string): Promise<Created | null> {
  const data = await storedSubmission(scope, idemKey);
  return data && replayOf(data, fingerprint);
}

/** The ticket a stored submission filed, for a submission sent again (409 when it came with other content). */
async function replayOf(data: SubmissionRecord, fingerprint: string): Promise<Created> {
  if (data.fingerprint !== fingerprint) {
    throw new DeskError(
      "conflict",
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a different submission",
    );
  }
  const { data: ticket } = await store()
    .entities.ticket.get({ ticketId: data.ticketId })
    .go({ consistent: true });
  if (!ticket) throw new Error(`Idempotency record points at missing ticket ${data.ticketId}`);
  return { ticket, portalToken: issuePortalToken(ticket.ticketId), replayed: true };
}

/** Files count: the same key sent again with other files is a different submission (409), not a replay. */
const submissionFingerprint = (input: NewTicket, filesFingerprint: string | undefined) =>
  sha256(
    JSON.stringify([
      input.email,
      input.subject,
      input.message,
      ...(filesFingerprint ? [filesFingerprint] : []),
    ]),
  );

/**
 * The ticket the stored submission (`storedSubmission`) filed, writing nothing; 409 when the key came with other
 * content: `createTicket`'s own replay, for a caller that must not create.
 */
export const replayOfSubmission = (
  record: SubmissionRecord,
  input: NewTicket,
  filesFingerprint: string | undefined,
) => replayOf(record, submissionFingerprint(input, filesFingerprint));

/** How a request an agent logs came in, as the timeline says it (a word, not the channel's code). */
const HOW_IT_CAME: Record<string, string> = { phone: "by phone", walk_in: "at the desk", email: "by email" };

/**
 * Files a new ticket with its first message. The customer gets success only once ticket, message, event
 * outbox and idempotency record are stored in one transaction.
 */
export async function createTicket(
  input: NewTicket,
  actor: Actor,
  options: {
    idempotencyKey?: string;
    idempotencyScope?: string;
    now?: Date;
    messageRef?: MessageRefRecord;
    /**
     * Stores the first message's uploaded files under its entry id; called only once the submission is known
     * to be new (a replayed Idempotency-Key stores nothing) and before the ticket is written.
     */
    storeFirstFiles?: (place: FilePlace) => Promise<NonNullable<EntryItem["attachments"]>>;
    /** The new ticket's id when the caller stored files under it already (inbound mail); a new ULID otherwise. */
    ticketId?: string;
    /** The first message's files as the idempotency fingerprint sees them (see `fingerprintFiles`). */
    filesFingerprint?: string;
  } = {},
): Promise<Created> {
  const now = options.now ?? new Date();
  // The SLA settings the commit needs, read meanwhile (beside the idempotency read, the checks and the number).
  prefetchSlaContext();
  const scope = options.idempotencyScope ?? input.channel;
  const fingerprint = submissionFingerprint(input, options.filesFingerprint);
  if (options.idempotencyKey) {
    const earlier = await findIdempotent(scope, options.idempotencyKey, fingerprint);
    if (earlier) return earlier;
  }
  await Promise.all([
    input.team ? assertTeam(input.team) : undefined,
    input.category ? assertCategory(input.category) : undefined,
    input.assigneeId ? assertAssignable(input.assigneeId) : undefined,
  ]);

  // Forms and the API clean at the edge; mail and other callers may not: names and subjects are one clean line.
  // A name holds no address, whoever typed it (the web form, the API, an agent): kept as mail's are kept.
  // A caller's empty name stays empty (the address is shown for it); only a name that was an address becomes it.
  const typedName = cleanLine(input.name).trim();
  const name = typedName && requesterName(typedName, input.email);
  const subject = cleanLine(input.subject).trim() || NO_SUBJECT;
  const entryId = input.firstEntry?.entryId ?? newId(now);
  // Chosen before the files are stored: their keys name the ticket and entry that will list them (file-keys.ts).
  const ticketId = options.ticketId ?? newId(now);
  const uploaded = options.storeFirstFiles ? await options.storeFirstFiles({ ticketId, entryId }) : [];
  const number = await nextTicketNumber().catch(async (error: unknown) => {
    // No ticket lists the files yet (DynamoDB down since they were stored): take them back.
    await deleteStoredFiles(uploaded).catch(() => undefined);
    throw error;
  });
  const at = now.toISOString();
  const ticket: TicketItem = {
    ticketId,
    number,
    subject,
    requesterName: name,
    requesterEmail: input.email,
    channel: input.channel,
    status: input.status ?? "new",
    solvedAt: input.status === "solved" ? at : undefined,
    priority: input.priority ?? "normal",
    tier: "L1",
    locale: input.locale,
    team: input.team,
    category: input.category,
    assigneeId: input.assigneeId,
    tags: input.tags ?? [],
    cc: input.cc?.length ? input.cc : undefined,
    linkedTicketId: input.linkedTicketId,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    reopenCount: 0,
    createdBy: actor.type === "agent" ? actor.agentId : undefined,
    version: 1,
    shard: shardOf(ticketId),
    nextCheckAt: "",
    ...queueOf(input),
  };
  const entry: EntryItem = {
    ticketId,
    entryId,
    kind: "customer_message",
    createdAt: at,
    authorType: "customer",
    authorName: name,
    authorEmail: input.email,
    channel: input.channel,
    body: input.message,
    ...input.firstEntry,
    ...(uploaded.length ? { attachments: uploaded } : {}),
  };
  const entries = [entry];
  if (actor.type === "agent") {
    entries.push({
      ticketId,
      entryId: newId(now),
      kind: "event",
      createdAt: at,
      authorType: "agent",
      authorId: actor.agentId,
      authorName: actor.name,
      body: `Opened on behalf of ${name} (${HOW_IT_CAME[input.channel] ?? input.channel})`,
      what: said("opened_on_behalf", { name, channel: input.channel }),
      // What the agent chose explicitly: triage leaves these fields and decides the rest from the text.
      changes: (["priority", "category", "team", "assigneeId"] as const)
        .filter((field) => input[field] !== undefined)
        .map((field) => ({ field, to: input[field] })),
    });
  }
  const event: DeskEvent = {
    type: "ticket.created",
    id: newId(now),
    occurredAt: at,
    ticketId,
    ticketNumber: number,
    channel: input.channel,
    entryId,
  };
  const idempotency: IdempotencyRecord | undefined = options.idempotencyKey
    ? {
        scope,
        idemKey: options.idempotencyKey,
        fingerprint,
        ticketId,
        number,
        createdAt: at,
        expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
      }
    : undefined;
  let stored: TicketItem;
  try {
    stored = await commitTicketChange({
      before: null,
      after: ticket,
      entries,
      events: [
        event,
        ...(actor.type === "agent"
          ? assignmentEvents({ ...ticket, assigneeId: undefined }, ticket, actor, now)
          : []),
      ],
      idempotency,
      messageRef: options.messageRef && { ...options.messageRef, ticketId, entryId },
    });
  } catch (error) {
    // Nothing references this attempt's files now (a twin that won stored its own): take them back, unless the
    // error hides a ticket that was stored after all (an answer lost after the commit), whose entry lists them.
    if (uploaded.length && !mayBeStored(error)) await deleteStoredFiles(uploaded).catch(() => undefined);
    // A concurrent twin won: answer with its ticket, as if this one had arrived second.
    if (error instanceof IdempotencyRaceError && options.idempotencyKey) {
      const earlier = await findIdempotent(scope, options.idempotencyKey, fingerprint);
      if (earlier) return earlier;
    }
    throw error;
  }
  return { ticket: stored, portalToken: issuePortalToken(ticketId, now), replayed: false };
}

export const fromSubmission = (input: TicketSubmission, acceptLanguage?: string): NewTicket => ({
  ...input,
  locale: input.locale ?? localeFromAcceptLanguage(acceptLanguage),
  channel: "web",
});
/** The ticket an agent opens; its files (`attachments`) are stored by the caller through `storeFirstFiles`. */
export const fromAgentInput = ({ attachments: _files, ...input }: AgentTicketInput): NewTicket => input;
