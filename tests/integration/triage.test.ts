import type { Context, SQSEvent } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { handler as triageWorker } from "../../functions/workers/triage.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  expect(await seedDefaults()).toBe(true);
  expect(await seedDefaults()).toBe(false);
  agent = await signedInAgent(desk.app);
});

const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
const triageEvents = (ticket: { timeline: { authorType?: string; author: { name: string | null } }[] }) =>
  ticket.timeline.filter((e) => e.author.name === "Triage");

describe("triage worker", () => {
  it("categorizes, prioritizes and routes a new French ticket, and says why on the timeline", async () => {
    const { id } = await submitTicket(desk.app, {
      subject: "Imprimante en panne",
      message: "Elle est bloquée, personne ne peut imprimer",
      locale: "fr",
    });
    await desk.drain();
    const ticket = await view(id);
    expect(ticket).toMatchObject({
      category: "printing",
      team: "field-support",
      priority: "urgent",
      tier: "L1",
    });
    const [event] = triageEvents(ticket) as unknown as { body: string; changes: unknown[] }[];
    expect(event!.body).toContain('rule matched "imprimante"');
    expect(event!.body).toContain('"en panne"');
    expect(event!.changes).toEqual(
      expect.arrayContaining([
        { field: "category", to: "printing" },
        { field: "team", to: "field-support" },
        { field: "priority", from: "normal", to: "urgent" },
      ]),
    );
    const queue = await call(desk.app, "GET", "/api/tickets?view=unassigned&team=field-support", {
      as: agent.session,
    });
    expect(queue.json.items.map((t: { id: string }) => t.id)).toContain(id);
  });

  it("leaves a ticket it cannot place for a human, and says so", async () => {
    const { id } = await submitTicket(desk.app, {
      subject: "Question",
      message: "Who do I talk to about the parking?",
    });
    await desk.drain();
    const ticket = await view(id);
    expect(ticket.category).toBeNull();
    expect((triageEvents(ticket)[0] as unknown as { body: string }).body).toContain("no rule matched");
  });

  it("never overwrites what an agent set, and triages once however often the event comes", async () => {
    const { id } = await submitTicket(desk.app, { subject: "VPN down for everyone", message: "urgent" });
    const etag = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).headers.get(
      "etag",
    )!;
    await call(desk.app, "PATCH", `/api/tickets/${id}`, {
      as: agent.session,
      headers: { "if-match": etag },
      body: { category: "hardware", priority: "low" },
    });
    await desk.drain();
    const event = JSON.stringify({
      type: "ticket.created",
      id: "01REDELIVERED0000000000000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      ticketNumber: 1,
      channel: "web",
      entryId: "x",
    });
    const records: SQSEvent = {
      Records: [0, 1].map((i) => ({
        messageId: `m${i}`,
        receiptHandle: "r",
        body: event,
        attributes: {} as SQSEvent["Records"][number]["attributes"],
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn",
        awsRegion: "us-east-1",
      })),
    };
    expect((await triageWorker(records, {} as Context)).batchItemFailures).toEqual([]);
    const ticket = await view(id);
    // The agent's category routes the ticket: to the default team of hardware, not of the rule's network.
    expect(ticket).toMatchObject({ category: "hardware", priority: "low", team: "field-support" });
    expect(triageEvents(ticket)).toHaveLength(1);
  });
});
