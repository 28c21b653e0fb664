import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../../core/config.ts";
import { recordAutoMail } from "../../core/mail/outbound.ts";
import { dynamo } from "../../core/store/client.ts";
import { store } from "../../core/store/index.ts";
import { AssignmentConflictError, reserveAgent } from "../../core/ticket/agent-load.ts";
import { addCustomerMessage } from "../../core/ticket/change.ts";
import { changeTicket, loadTicketItem } from "../../core/ticket/commit.ts";
import { queueOf } from "../../core/ticket/model.ts";
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
