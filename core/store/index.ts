import { createWriteTransaction, Entity, type EntityItem, Service } from "electrodb";
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

/** Every entity of the one table, as a function building it: each is built on its first use (see store()). */
const models = {
  ticket: () => new Entity(ticketSchema, joined()),
  entry: () => new Entity(entrySchema, joined()),
  counter: () => new Entity(counterSchema, joined()),
  idempotency: () => new Entity(idempotencySchema, joined()),
  outbox: () => new Entity(outboxSchema, joined()),
  messageRef: () => new Entity(messageRefSchema, joined()),
  suppression: () => new Entity(suppressionSchema, joined()),
  agent: () => new Entity(agentSchema, joined()),
  agentEmail: () => new Entity(agentEmailSchema, joined()),
  agentLoad: () => new Entity(agentLoadSchema, joined()),
  membership: () => new Entity(membershipSchema, joined()),
  team: () => new Entity(teamSchema, joined()),
  category: () => new Entity(categorySchema, joined()),
  session: () => new Entity(sessionSchema, joined()),
  apiToken: () => new Entity(apiTokenSchema, joined()),
  rateLimit: () => new Entity(rateLimitSchema, joined()),
  setting: () => new Entity(settingSchema, joined()),
  example: () => new Entity(exampleSchema, joined()),
  modelHead: () => new Entity(modelHeadSchema, joined()),
  modelState: () => new Entity(modelStateSchema, joined()),
  modelChunk: () => new Entity(modelChunkSchema, joined()),
  vendor: () => new Entity(vendorSchema, joined()),
  cannedReply: () => new Entity(cannedReplySchema, joined()),
  presence: () => new Entity(presenceSchema, joined()),
  searchTerm: () => new Entity(searchTermSchema, joined()),
  queueCount: () => new Entity(queueCountSchema, joined()),
  article: () => new Entity(articleSchema, joined()),
  articleRevision: () => new Entity(articleRevisionSchema, joined()),
  kbIndex: () => new Entity(kbIndexSchema, joined()),
  customerSession: () => new Entity(customerSessionSchema, joined()),
  portalLink: () => new Entity(portalLinkSchema, joined()),
  stat: () => new Entity(statSchema, joined()),
  feedback: () => new Entity(feedbackSchema, joined()),
  unfiled: () => new Entity(unfiledSchema, joined()),
  noticeDigest: () => new Entity(noticeDigestSchema, joined()),
};
type Models = typeof models;
type Entities = { [K in keyof Models]: ReturnType<Models[K]> };

/** What joining the Service gives each entity: the one client and the one table (ElectroDB sets nothing else). */
const joined = () => ({ client: dynamo(), table: config().tableName });

/** The whole Service over every entity: its collections (queries across entities) need them all joined. */
const service = (entities: Entities) => new Service(entities, joined());
type FullService = ReturnType<typeof service>;

export interface Store {
  entities: Entities;
  collections: FullService["collections"];
  transaction: Pick<FullService["transaction"], "write">;
}

/**
 * The store over the one table. Building an ElectroDB entity is not cheap (it validates its model against a JSON
 * schema and compiles its keys: ~10 ms each on a cold Lambda, 35 entities), so each entity is built on its first
 * use and a request pays only for those it touches: the cold start of a web-form POST builds 8 of them
 * (tests/bench/cold-start.ts). An entity built alone with the table's client and name behaves as the same entity
 * joined to the Service (join() sets exactly those two). Collections need the whole Service, built on their first
 * use from the same entity instances. A transaction gets the entities its function touches, the first as driver.
 */
function build(): Store {
  const built: Partial<Entities> = {};
  const entity = <K extends keyof Entities>(name: K): Entities[K] => {
    built[name] ??= models[name]() as Entities[K];
    return built[name] as Entities[K];
  };
  const entities = {} as Entities;
  for (const name of Object.keys(models) as (keyof Entities)[])
    Object.defineProperty(entities, name, { enumerable: true, get: () => entity(name) });
  let whole: FullService | undefined;
  const full = () => {
    whole ??= service(entities);
    return whole;
  };
  return {
    entities,
    get collections() {
      return full().collections;
    },
    transaction: {
      write: ((fn: (entities: Entities) => unknown) => {
        // ElectroDB takes its driver (any entity: they share the client) from the map before it calls `fn`, and
        // reads the map again to match cancellation reasons to entities: give it the entities `fn` touches.
        const prepare = () => {
          const touched: Record<string, unknown> = {};
          const tracked = new Proxy(entities, {
            get: (target, name) => {
              const value = Reflect.get(target, name);
              if (typeof name === "string" && name in models) touched[name] = value;
              return value;
            },
          });
          const items = fn(tracked);
          if (Object.keys(touched).length === 0) touched.ticket = entities.ticket; // a driver for an empty list
          return createWriteTransaction(touched as Entities, (() => items) as never);
        };
        return {
          params: (options?: object) => prepare().params(options),
          go: async (options?: object) => prepare().go(options),
        };
      }) as unknown as FullService["transaction"]["write"],
    },
  };
}

let cached: Store | undefined;

/** The store over the one table, built on first use (its entities on theirs). */
export function store(): Store {
  cached ??= build();
  return cached;
}

export function resetStore(): void {
  cached = undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type TicketItem = Mutable<EntityItem<Entities["ticket"]>>;
export type EntryItem = Mutable<EntityItem<Entities["entry"]>>;
export type AgentItem = Mutable<EntityItem<Entities["agent"]>>;
