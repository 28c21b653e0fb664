import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../../core/config.ts";
import { dynamo } from "../../core/store/client.ts";
import { TICKET_FIELDS } from "../../core/store/entities/ticket-fields.ts";
import { itemBytes } from "../../core/store/meter.ts";
import { migrateTicketFields } from "../../core/store/migrate-ticket-fields.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import {
  call,
  type Session,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

let desk: TestDesk;
let admin: Session;

beforeAll(async () => {
  desk = await startTestDesk();
  admin = (await signedInAgent(desk.app, { role: "admin" })).session;
});

const key = (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: "TICKET" });
const raw = async (ticketId: string) =>
  (await dynamo().send(new GetCommand({ TableName: config().tableName, Key: key(ticketId) }))).Item!;
const longNames = Object.fromEntries(Object.entries(TICKET_FIELDS).map(([long, short]) => [short, long]));

describe("short ticket attribute names", () => {
  it("keep the stored ticket under 1 KB", async () => {
    const { id } = await submitTicket(desk.app, {
      subject: "A subject of a usual length, about sixty characters",
    });
    const item = await raw(id);
    expect(item.su).toBe("A subject of a usual length, about sixty characters");
    expect(item.subject).toBeUndefined();
    // DynamoDB's size rules (names + values), as the bench meter applies them.
    expect(itemBytes(item)).toBeLessThan(1024);
  });

  it("are given to tickets stored before them, once, and the desk reads them as before", async () => {
    const { id } = await submitTicket(desk.app, { subject: "Stored the old way" });
    const before = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin })).json;
    // The item as an older desk stored it: every attribute under its long name.
    const current = await raw(id);
    const old = Object.fromEntries(
      Object.entries(current).map(([name, value]) => [longNames[name] ?? name, value]),
    );
    await dynamo().send(new PutCommand({ TableName: config().tableName, Item: old }));
    expect((await raw(id)).subject).toBe("Stored the old way");

    expect(await migrateTicketFields()).toBeGreaterThanOrEqual(1);
    expect(await raw(id)).toEqual(current);
    const after = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin })).json;
    expect(after).toEqual(before);
    // Nothing left to rewrite: a second run changes nothing.
    expect(await migrateTicketFields()).toBe(0);
  });

  it("are given by the first sweep after an upgrade, with no step for the admin to remember", async () => {
    const { id } = await submitTicket(desk.app, { subject: "Stored before the upgrade" });
    const current = await raw(id);
    const old = Object.fromEntries(
      Object.entries(current).map(([name, value]) => [longNames[name] ?? name, value]),
    );
    await dynamo().send(new PutCommand({ TableName: config().tableName, Item: old }));
    const deployed = new Date();
    const swept = await runSweep(deployed);
    expect(swept.upgraded).toBeGreaterThanOrEqual(1);
    expect(await raw(id)).toEqual(current);
    // Clean passes go on while functions of the previous version may still run (15 minutes), then it is done.
    const later = (minutes: number) => new Date(deployed.getTime() + minutes * 60_000);
    expect((await runSweep(later(1))).upgraded).toBe(0);
    expect((await runSweep(later(16))).upgraded).toBe(0);
    expect((await runSweep(later(17))).upgraded).toBeUndefined();
  });
});
