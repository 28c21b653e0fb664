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
import { entrySchema } from "./entities/entry.ts";
import { idempotencySchema } from "./entities/idempotency.ts";
import { articleRevisionSchema, articleSchema, kbIndexSchema } from "./entities/kb.ts";
import { messageRefSchema, suppressionSchema } from "./entities/mail-records.ts";
import { outboxSchema } from "./entities/outbox.ts";
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
import { ticketSchema } from "./entities/ticket.ts";
import { counterSchema, ticketNumberSchema } from "./entities/ticket-number.ts";
import { unfiledSchema } from "./entities/unfiled.ts";

/**
 * On Lambda, entities skip ElectroDB's model check: it validates each model against a JSON schema (jsonschema)
 * whenever an entity is built, the largest part of building one (~75 ms of a cold start's CPU profile), for models
 * that are constants. ElectroDB has no option for it; `_validateModel` is the one method its constructor calls for
 * it. Everywhere else (tests, local desk, scripts) the check runs, and tests/unit/store-models.test.ts checks every
 * model with it, so a broken model never reaches a deploy.
 */
// biome-ignore lint/suspicious/noExplicitAny: the subclass keeps Entity's own generic signature (cast below)
class UncheckedModelEntity extends Entity<any, any, any, any> {
  _validateModel() {}
}
const Entity_ = (process.env.AWS_LAMBDA_FUNCTION_NAME ? UncheckedModelEntity : Entity) as typeof Entity;

/** Every entity of the one table, as a function building it: each is built on its first use (see store()). */
const models = {
  ticket: () => new Entity_(ticketSchema, joined()),
  entry: () => new Entity_(entrySchema, joined()),
  ticketNumber: () => new Entity_(ticketNumberSchema, joined()),
  counter: () => new Entity_(counterSchema, joined()),
  idempotency: () => new Entity_(idempotencySchema, joined()),
  outbox: () => new Entity_(outboxSchema, joined()),
  messageRef: () => new Entity_(messageRefSchema, joined()),
  suppression: () => new Entity_(suppressionSchema, joined()),
  agent: () => new Entity_(agentSchema, joined()),
  agentEmail: () => new Entity_(agentEmailSchema, joined()),
  agentLoad: () => new Entity_(agentLoadSchema, joined()),
  membership: () => new Entity_(membershipSchema, joined()),
  team: () => new Entity_(teamSchema, joined()),
  category: () => new Entity_(categorySchema, joined()),
  session: () => new Entity_(sessionSchema, joined()),
  apiToken: () => new Entity_(apiTokenSchema, joined()),
  rateLimit: () => new Entity_(rateLimitSchema, joined()),
  setting: () => new Entity_(settingSchema, joined()),
  example: () => new Entity_(exampleSchema, joined()),
  modelHead: () => new Entity_(modelHeadSchema, joined()),
  modelState: () => new Entity_(modelStateSchema, joined()),
  modelChunk: () => new Entity_(modelChunkSchema, joined()),
  vendor: () => new Entity_(vendorSchema, joined()),
  cannedReply: () => new Entity_(cannedReplySchema, joined()),
  presence: () => new Entity_(presenceSchema, joined()),
  searchTerm: () => new Entity_(searchTermSchema, joined()),
  queueCount: () => new Entity_(queueCountSchema, joined()),
  article: () => new Entity_(articleSchema, joined()),
  articleRevision: () => new Entity_(articleRevisionSchema, joined()),
  kbIndex: () => new Entity_(kbIndexSchema, joined()),
  customerSession: () => new Entity_(customerSessionSchema, joined()),
  portalLink: () => new Entity_(portalLinkSchema, joined()),
  stat: () => new Entity_(statSchema, joined()),
  feedback: () => new Entity_(feedbackSchema, joined()),
  unfiled: () => new Entity_(unfiledSchema, joined()),
  noticeDigest: () => new Entity_(noticeDigestSchema, joined()),
};
type Models = typeof models;
type Entities = { [K in keyof Models]: ReturnType<Models[K]> };

/** What joining the Service gives each entity: the one client and the one table (ElectroDB sets nothing else). */
const joined = () => ({ client: dynamo(), table: config().tableName });

/** The whole Service over every entity: the type of the store's collections (queries across entities). */
const service = (entities: Entities) => new Service(entities, joined());
type FullService = ReturnType<typeof service>;
type Collections = FullService["collections"];

/**
 * The entities that declare each collection in one of their indexes (tests/unit/store-models.test.ts checks this
 * list against the models). A collection's query reads and returns those entities only, so a Service over them
 * alone answers it as the Service over all 35 does, without building the other 33 entities (ElectroDB also
 * validates a Service's entities with its JSON schema, on Lambda too): the acknowledgement worker's cold start
 * reads one ticket's timeline.
 */
export const COLLECTION_MEMBERS = {
  timeline: ["ticket", "entry"],
  article: ["article", "articleRevision"],
} as const satisfies Record<keyof Collections, readonly (keyof Models)[]>;

export interface Store {
  entities: Entities;
  collections: FullService["collections"];
  transaction: Pick<FullService["transaction"], "write">;
}

/**
 * The store over the one table. Building an ElectroDB entity is not cheap (it parses its model into keys and
 * attribute handlers, and off Lambda validates it: a few milliseconds each on a cold start, 35 entities), so each
 * entity is built on its first use and a request pays only for those it touches: the cold start of a web-form POST
 * builds 10 of them (tests/bench/cold-start.ts). An entity built alone with the table's client and name behaves as
 * the same entity joined to the Service (join() sets exactly those two). A collection gets a Service over its
 * members (COLLECTION_MEMBERS), built on its first use from the same entity instances. A transaction gets the
 * entities its function touches.
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
  // One Service per collection, over its members only, built on the collection's first use.
  const services = new Map<string, { collections: Collections }>();
  const collections = {} as Collections;
  for (const name of Object.keys(COLLECTION_MEMBERS) as (keyof Collections)[])
    Object.defineProperty(collections, name, {
      enumerable: true,
      get: () => {
        let members = services.get(name);
        if (!members) {
          const joinedEntities = Object.fromEntries(COLLECTION_MEMBERS[name].map((n) => [n, entity(n)]));
          members = new Service(joinedEntities, joined()) as unknown as { collections: Collections };
          services.set(name, members);
        }
        return members.collections[name];
      },
    });
  return {
    entities,
    collections,
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
