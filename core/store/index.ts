import { Entity, type EntityItem, Service } from "electrodb";
import { config } from "../config.ts";
import { dynamo } from "./client.ts";
import { portalLinkSchema } from "./entities/access.ts";
import {
  cannedReplySchema,
  customerSessionSchema,
  exampleSchema,
  modelChunkSchema,
  modelHeadSchema,
  modelStateSchema,
  presenceSchema,
  queueCountSchema,
  searchTermSchema,
  settingSchema,
  vendorSchema,
} from "./entities/desk.ts";
import { noticeDigestSchema } from "./entities/digest.ts";
import { articleRevisionSchema, articleSchema, kbIndexSchema } from "./entities/kb.ts";
import {
  agentEmailSchema,
  agentLoadSchema,
  agentSchema,
  apiTokenSchema,
  categorySchema,
  membershipSchema,
  rateLimitSchema,
  sessionSchema,
  teamSchema,
} from "./entities/people.ts";
import { feedbackSchema, statSchema } from "./entities/report.ts";
import {
  counterSchema,
  entrySchema,
  idempotencySchema,
  messageRefSchema,
  outboxSchema,
  suppressionSchema,
  ticketSchema,
} from "./entities/ticket.ts";
import { unfiledSchema } from "./entities/unfiled.ts";

function build() {
  return new Service(
    {
      ticket: new Entity(ticketSchema),
      entry: new Entity(entrySchema),
      counter: new Entity(counterSchema),
      idempotency: new Entity(idempotencySchema),
      outbox: new Entity(outboxSchema),
      messageRef: new Entity(messageRefSchema),
      suppression: new Entity(suppressionSchema),
      agent: new Entity(agentSchema),
      agentEmail: new Entity(agentEmailSchema),
      agentLoad: new Entity(agentLoadSchema),
      membership: new Entity(membershipSchema),
      team: new Entity(teamSchema),
      category: new Entity(categorySchema),
      session: new Entity(sessionSchema),
      apiToken: new Entity(apiTokenSchema),
      rateLimit: new Entity(rateLimitSchema),
      setting: new Entity(settingSchema),
      example: new Entity(exampleSchema),
      modelHead: new Entity(modelHeadSchema),
      modelState: new Entity(modelStateSchema),
      modelChunk: new Entity(modelChunkSchema),
      vendor: new Entity(vendorSchema),
      cannedReply: new Entity(cannedReplySchema),
      presence: new Entity(presenceSchema),
      searchTerm: new Entity(searchTermSchema),
      queueCount: new Entity(queueCountSchema),
      article: new Entity(articleSchema),
      articleRevision: new Entity(articleRevisionSchema),
      kbIndex: new Entity(kbIndexSchema),
      customerSession: new Entity(customerSessionSchema),
      portalLink: new Entity(portalLinkSchema),
      stat: new Entity(statSchema),
      feedback: new Entity(feedbackSchema),
      unfiled: new Entity(unfiledSchema),
      noticeDigest: new Entity(noticeDigestSchema),
    },
    { client: dynamo(), table: config().tableName },
  );
}

export type Store = ReturnType<typeof build>;
let cached: Store | undefined;

/** The ElectroDB service over the one table, built on first use. */
export function store(): Store {
  cached ??= build();
  return cached;
}

export function resetStore(): void {
  cached = undefined;
}

type Entities = Store["entities"];
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type TicketItem = Mutable<EntityItem<Entities["ticket"]>>;
export type EntryItem = Mutable<EntityItem<Entities["entry"]>>;
export type AgentItem = Mutable<EntityItem<Entities["agent"]>>;
