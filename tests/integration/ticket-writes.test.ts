import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../../core/config.ts";
import { newId } from "../../core/ids.ts";
import { recordAutoMail } from "../../core/mail/outbound.ts";
import { dynamo } from "../../core/store/client.ts";
import { store } from "../../core/store/index.ts";
import { AssignmentConflictError, reserveAgent } from "../../core/ticket/agent-load.ts";
import { changeTicket, loadTicketItem } from "../../core/ticket/commit.ts";
import { addCustomerMessage } from "../../core/ticket/customer-writes.ts";
import { queueOf } from "../../core/ticket/model.ts";
import { ticketIdOfNumber } from "../../core/ticket/number.ts";
import {
  call,
  patchTicket,
  type Session,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/**
 * The write-unit savings of core/store/README.md (Writes) keep what the writes promised: numbers still find their
 * ticket (old tickets too), agents' load counters still follow their tickets and triage's check, and automatic
 * mail is still on the timeline.
 */
let desk: TestDesk;
let admin: Session;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = (await signedInAgent(desk.app, { role: "admin", teams: ["writes"] })).session;
});

const table = () => config().tableName;
const raw = async (pk: string, sk: string) =>
  (await dynamo().send(new GetCommand({ TableName: table(), Key: { pk, sk } }))).Item;
const load = async (agentId: string) =>
  (await store().entities.agentLoad.get({ agentId }).go({ consistent: true })).data?.open ?? 0;

describe("ticket numbers", () => {
  it("are items of their own, written with the ticket; the ticket is no longer in the number index", async () => {
    const { id, number } = await submitTicket(desk.app, { subject: "Numbered" });
    expect(await raw(`TNUM#${number}`, "TNUM")).toMatchObject({ ticketId: id, number });
    const ticket = await raw(`TICKET#${id}`, "TICKET");
    expect(ticket?.gsi1pk).toBeUndefined();
    expect(ticket?.nm).toBe(true);
    const found = await call(desk.app, "GET", `/api/tickets/by-number/${number}`, { as: admin });
    expect(found.status).toBe(200);
    expect(found.json.id).toBe(id);
    expect((await call(desk.app, "GET", "/api/tickets/by-number/987654", { as: admin })).status).toBe(404);
  });

  it("find a ticket stored before them through the old index, and give it its item with its next write", async () => {
    const { id, number } = await submitTicket(desk.app, { subject: "Stored before number items" });
    // The ticket as an older desk stored it: in gsi1, no number item, no mark.
    const { nm: _mark, ...current } = (await raw(`TICKET#${id}`, "TICKET"))!;
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: { ...current, gsi1pk: `TNUM#${number}`, gsi1sk: "TICKET" },
      }),
    );
    await dynamo().send(new DeleteCommand({ TableName: table(), Key: { pk: `TNUM#${number}`, sk: "TNUM" } }));

    const found = await call(desk.app, "GET", `/api/tickets/by-number/${number}`, { as: admin });
    expect(found.json.id).toBe(id);

    expect((await patchTicket(desk.app, admin, id, { priority: "high" })).status).toBe(200);
    expect(await raw(`TNUM#${number}`, "TNUM")).toMatchObject({ ticketId: id });
    const rewritten = await raw(`TICKET#${id}`, "TICKET");
    expect(rewritten?.nm).toBe(true);
    expect(rewritten?.gsi1pk).toBeUndefined();
    expect((await call(desk.app, "GET", `/api/tickets/by-number/${number}`, { as: admin })).json.id).toBe(id);
  });
});

describe("a number looked up while an old ticket gets its number item", () => {
  it("is found by a consistent read when the eventual one and the old index both miss it", async () => {
    const { id, number } = await submitTicket(desk.app);
    // The instant after the old ticket's first write: its number item is stored (a replica behind does not
    // have it yet: the eventually consistent read finds nothing) and the ticket has already left gsi1.
    const name = "stale-replica";
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ConsistentRead?: boolean; Key?: unknown };
        const result = await next(args);
        const numberRead =
          String(context.commandName).startsWith("Get") && /tnum#/i.test(JSON.stringify(input.Key));
        if (numberRead && !input.ConsistentRead) (result.output as { Item?: unknown }).Item = undefined;
        return result;
      },
      { step: "initialize", name },
    );
    try {
      expect(await ticketIdOfNumber(number)).toBe(id);
      expect(await ticketIdOfNumber(987655)).toBeNull();
    } finally {
      dynamo().middlewareStack.remove(name);
    }
  });
});

describe("agents' load counters, beside the ticket's transaction", () => {
  it("follow assignments, reassignments and solves", async () => {
    const ann = await signedInAgent(desk.app, { teams: ["writes"], name: "Ann" });
    const ben = await signedInAgent(desk.app, { teams: ["writes"], name: "Ben" });
    const { id } = await submitTicket(desk.app);
    await patchTicket(desk.app, admin, id, { team: "writes", assigneeId: ann.agent.agentId });
    expect([await load(ann.agent.agentId), await load(ben.agent.agentId)]).toEqual([1, 0]);
    await patchTicket(desk.app, admin, id, { assigneeId: ben.agent.agentId });
    expect([await load(ann.agent.agentId), await load(ben.agent.agentId)]).toEqual([0, 1]);
    await patchTicket(desk.app, admin, id, { status: "solved" });
    expect(await load(ben.agent.agentId)).toBe(0);
  });

  it("check triage's choice: a count that moved refuses the reservation", async () => {
    const cleo = await signedInAgent(desk.app, { teams: ["writes"] });
    const at = new Date().toISOString();
    await reserveAgent({ agentId: cleo.agent.agentId, expectedOpen: 0, at });
    await expect(reserveAgent({ agentId: cleo.agent.agentId, expectedOpen: 0, at })).rejects.toBeInstanceOf(
      AssignmentConflictError,
    );
    expect(await load(cleo.agent.agentId)).toBe(1);
  });

  it("give the reservation back when the ticket's write fails", async () => {
    const dan = await signedInAgent(desk.app, { teams: ["writes"] });
    const { id } = await submitTicket(desk.app);
    const before = await loadTicketItem(id);
    // An idempotency record that already exists makes the ticket's transaction fail after the reservation.
    const idempotency = {
      scope: "test",
      idemKey: `taken-${id}`,
      fingerprint: "",
      ticketId: id,
      number: before.number,
      createdAt: new Date().toISOString(),
    };
    await store().entities.idempotency.put(idempotency).go();
    const assign = () =>
      changeTicket(id, undefined, (ticket) => {
        const after = { ...ticket, team: "writes", assigneeId: dan.agent.agentId };
        return {
          after: {
            ...after,
            ...queueOf(after),
            version: ticket.version + 1,
            updatedAt: new Date().toISOString(),
          },
          entries: [],
          events: [],
          idempotency,
          assignment: { agentId: dan.agent.agentId, expectedOpen: 0, at: new Date().toISOString() },
        };
      });
    await expect(assign()).rejects.toThrow();
    expect(await load(dan.agent.agentId)).toBe(0);
    expect((await loadTicketItem(id)).assigneeId).toBeUndefined();
  });
});

describe("automatic mail on the timeline", () => {
  it("is one entry, written once, and leaves the ticket (and the agent's If-Match) as it was", async () => {
    const { id } = await submitTicket(desk.app);
    const before = await loadTicketItem(id);
    const entry = {
      id: `01TESTAUTOMAIL${id.slice(-12)}`,
      body: "Told someone.",
      mail: { to: ["someone@example.com"] },
      delivery: { status: "sent" as const, at: new Date().toISOString() },
    };
    await recordAutoMail(id, entry);
    // A retried write (its first answer lost) finds the entry there and changes nothing.
    await recordAutoMail(id, { ...entry, body: "Told someone again." });
    const view = await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin });
    const mails = view.json.timeline.filter((e: { kind: string }) => e.kind === "auto_mail");
    expect(mails.map((e: { body: string }) => e.body)).toContain("Told someone.");
    expect(mails.map((e: { body: string }) => e.body)).not.toContain("Told someone again.");
    expect((await loadTicketItem(id)).version).toBe(before.version);
  });
});

describe("the ticket's ETag", () => {
  it("moves with an automatic-mail line (no version bump): the next conditional GET shows it", async () => {
    const { id } = await submitTicket(desk.app);
    const first = await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin });
    const seen = first.headers.get("etag")!;
    const conditional = (etag: string) =>
      call(desk.app, "GET", `/api/tickets/${id}`, { as: admin, headers: { "if-none-match": etag } });
    expect((await conditional(seen)).status).toBe(304);

    await recordAutoMail(id, {
      id: newId(),
      body: "Assignment notice sent to Ann.",
      mail: { to: ["ann@example.com"] },
      delivery: { status: "sent", at: new Date().toISOString() },
    });

    const fresh = await conditional(seen);
    expect(fresh.status).toBe(200);
    expect(fresh.json.version).toBe(first.json.version);
    expect(fresh.json.timeline.map((e: { body: string }) => e.body)).toContain(
      "Assignment notice sent to Ann.",
    );
    const tag = fresh.headers.get("etag")!;
    expect(tag).not.toBe(seen);
    expect((await conditional(tag)).status).toBe(304);
    // The new tag still names the version for a write (If-Match).
    const write = await call(desk.app, "PATCH", `/api/tickets/${id}`, {
      as: admin,
      body: { priority: "high" },
      headers: { "if-match": tag },
    });
    expect(write.status).toBe(200);
    expect((await conditional(tag)).status).toBe(200);
  });
});

describe("a change started from the caller's read (mail threading)", () => {
  it("saves the second read, and an older read is retried on fresh data: nothing is lost", async () => {
    const { id } = await submitTicket(desk.app);
    const read = await loadTicketItem(id);
    await addCustomerMessage(id, { body: "First", channel: "email", readAs: read });
    const afterFirst = await loadTicketItem(id);
    expect(afterFirst.version).toBe(read.version + 1);

    // `read` is now stale: the write conditioned on its version fails and is retried from a fresh read.
    expect((await patchTicket(desk.app, admin, id, { priority: "urgent" })).status).toBe(200);
    await addCustomerMessage(id, { body: "Second", channel: "email", readAs: read });
    const last = await loadTicketItem(id);
    expect(last.priority).toBe("urgent");
    expect(last.version).toBe(afterFirst.version + 2);
    const view = await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin });
    const bodies = view.json.timeline.map((e: { body: string }) => e.body);
    expect(bodies).toEqual(expect.arrayContaining(["First", "Second"]));
  });
});
