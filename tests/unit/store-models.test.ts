import { Entity, Service } from "electrodb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * The store builds each entity on first use, and on Lambda skips ElectroDB's model check (core/store/index.ts):
 * every model must pass that check here, and the lazily built, unchecked entities must write exactly what the
 * Service over all entities writes.
 */
const env = {
  SST_RESOURCE_Table: '{"name":"models-test"}',
  SST_RESOURCE_DeskSecret: '{"value":"s3cret-models-0123456789"}',
};

async function freshStore(onLambda: boolean) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.stubEnv("AWS_REGION", "us-east-1");
  if (onLambda) vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "models-test");
  else vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "");
  return import("../../core/store/index.ts");
}

const idem = {
  scope: "web",
  idemKey: "key-0123456789",
  fingerprint: "f1",
  ticketId: "01KTEST0000000000000000000",
  number: 7,
  createdAt: "2026-12-06T12:00:00.000Z",
};

describe("store entities", () => {
  beforeEach(() => vi.unstubAllEnvs());
  afterEach(() => vi.unstubAllEnvs());

  it("has ElectroDB's model-check hook (else the Lambda skip silently stops skipping)", () => {
    expect(typeof (Entity.prototype as unknown as { _validateModel?: unknown })._validateModel).toBe(
      "function",
    );
  });

  it("checks every model with ElectroDB off Lambda, and they all join one Service", async () => {
    const { store } = await freshStore(false);
    const s = store();
    const names = Object.keys(s.entities);
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) expect(s.entities[name as keyof typeof s.entities]).toBeInstanceOf(Entity);
    expect(typeof s.collections.timeline).toBe("function");
    // A model ElectroDB rejects is rejected by the same constructor the store uses off Lambda.
    expect(
      () =>
        new Entity({
          model: { entity: "x", service: "desk", version: "1" },
          attributes: {},
          indexes: {},
        } as never),
    ).toThrow();
  });

  it("writes the same requests on Lambda (unchecked, lazy) as a Service over every entity", async () => {
    const checked = await freshStore(false);
    const whole = new Service(checked.store().entities, { table: "models-test" });
    const wholeParams = whole.transaction
      .write(({ counter, idempotency }) => [
        counter.update({ name: "ticket" }).add({ value: 1 }).commit(),
        idempotency.create(idem).commit(),
      ])
      .params();
    const lambda = await freshStore(true);
    const s = lambda.store();
    const lazyParams = s.transaction
      .write(({ counter, idempotency }) => [
        counter.update({ name: "ticket" }).add({ value: 1 }).commit(),
        idempotency.create(idem).commit(),
      ])
      .params();
    expect(JSON.parse(JSON.stringify(lazyParams))).toEqual(JSON.parse(JSON.stringify(wholeParams)));
    expect(s.entities.ticket.get({ ticketId: idem.ticketId }).params()).toEqual(
      whole.entities.ticket.get({ ticketId: idem.ticketId }).params(),
    );
    // Built by ElectroDB's own class off Lambda, by the subclass without the check on Lambda.
    expect(checked.store().entities.ticket.constructor).toBe(Entity);
    expect(s.entities.ticket.constructor).not.toBe(Entity);
  });

  it("lists each collection's members as the models declare them, and queries a collection as the whole Service does", async () => {
    const checked = await freshStore(false);
    const whole = new Service(checked.store().entities, { table: "models-test" });
    const declared: Record<string, string[]> = {};
    for (const [name, entity] of Object.entries(checked.store().entities))
      for (const collection of (entity as unknown as { model: { collections: string[] } }).model.collections)
        declared[collection] = [...(declared[collection] ?? []), name];
    const listed = Object.fromEntries(
      Object.entries(checked.COLLECTION_MEMBERS).map(([collection, names]) => [
        collection,
        [...names].sort(),
      ]),
    );
    expect(listed).toEqual(
      Object.fromEntries(Object.entries(declared).map(([collection, names]) => [collection, names.sort()])),
    );

    const lambda = await freshStore(true);
    const s = lambda.store();
    expect(s.collections.timeline({ ticketId: idem.ticketId }).params()).toEqual(
      whole.collections.timeline({ ticketId: idem.ticketId }).params(),
    );
    expect(s.collections.article({ articleId: "01KARTICLE" }).params()).toEqual(
      whole.collections.article({ articleId: "01KARTICLE" }).params(),
    );
  });
});
