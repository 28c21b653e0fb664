import { beforeAll, describe, expect, it } from "vitest";
import { resetEventsClient } from "../../core/events/publish.ts";
import { republishPending } from "../../core/events/republish.ts";
import { store } from "../../core/store/index.ts";
import { handler as mailWorker } from "../../functions/workers/mail.ts";
import {
  call,
  failedInvocations,
  patchTicket,
  poisonReachesDlq,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { mailsTo as mailsToAddress } from "../support/mail.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Alice Agent" });
});

const mailsTo = (address: string) => mailsToAddress(desk, address);
/** Replies only: every new ticket also gets an acknowledgement. */
const repliesTo = async (address: string) =>
  (await mailsTo(address)).filter((m) => m.subject.startsWith("Re: "));

async function reply(ticketId: string, body: string) {
  const response = await call(desk.app, "POST", `/api/tickets/${ticketId}/replies`, {
    as: agent.session,
    body: { body },
  });
  expect(response.status).toBe(201);
  return response.json.entry.id as string;
}

describe("events and the sender", () => {
  it("mails an agent reply to the customer through the queue, with the desk's Message-ID", async () => {
    const { id, number } = await submitTicket(desk.app, { email: "reader@example.com", subject: "Wifi" });
    const entryId = await reply(id, "Please restart the router");
    await desk.drain();
    const mails = await repliesTo("reader@example.com");
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      subject: `Re: Wifi [#${number}]`,
      body: { text: "Please restart the router" },
    });
    const view = await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
    const entry = view.json.timeline.find((e: { id: string }) => e.id === entryId);
    expect(entry.delivery.status).toBe("sent");
    expect(entry.delivery.messageId).toMatch(
      new RegExp(`^<r\\.${id}\\.${entryId}\\.[\\w-]{16}@desk\\.localhost>$`),
    );
    expect(entry.messageId).toBe(entry.delivery.messageId);
  });

  it("does not send twice when the same event is delivered again", async () => {
    const { id } = await submitTicket(desk.app, { email: "twice@example.com" });
    const entryId = await reply(id, "Once only");
    const event = JSON.stringify({
      type: "ticket.agent_replied",
      id: "01EVENTREDELIVERED00000000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      entryId,
      agentId: agent.agent.agentId,
    });
    await desk.drain();
    expect(await failedInvocations(mailWorker, [event, event])).toEqual([]);
    expect(await repliesTo("twice@example.com")).toHaveLength(1);
  });

  it("tells the assignee, once, when the customer writes", async () => {
    const { id, portalToken } = await submitTicket(desk.app, { email: "writer@example.com" });
    await patchTicket(desk.app, agent.session, id, { assigneeId: agent.agent.agentId });
    await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: { authorization: `Bearer ${portalToken}` },
      body: { message: "Any news?" },
    });
    await desk.drain();
    const notices = (await mailsTo(agent.email)).filter((m) => m.body.text.includes("Any news?"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toMatch(/^\[#\d+\] Casey Customer wrote: /);
  });

  it("tells a French-speaking assignee in French, the customer's name in French quotes", async () => {
    const french = await signedInAgent(desk.app, { name: "Élodie Agent" });
    const patched = await call(desk.app, "PATCH", "/api/me", { as: french.session, body: { locale: "fr" } });
    expect(patched.status).toBe(200);
    const { id, portalToken } = await submitTicket(desk.app, {
      email: "ecrit@example.com",
      name: "Jean Client",
    });
    await patchTicket(desk.app, agent.session, id, { assigneeId: french.agent.agentId });
    await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: { authorization: `Bearer ${portalToken}` },
      body: { message: "Des nouvelles ?" },
    });
    await desk.drain();
    const [notice] = (await mailsTo(french.email)).filter((m) => m.body.text.includes("Des nouvelles ?"));
    expect(notice!.subject).toMatch(/^\[#\d+\] Jean Client a écrit : /);
    expect(notice!.body.text).toContain("ecrit@example.com (« Jean Client ») a écrit sur le ticket #");
    expect(notice!.body.text).toContain("L'ouvrir : ");
  });

  it("keeps the ticket and its event when publishing fails, and the sweep re-publishes it", async () => {
    const endpoint = process.env.AWS_ENDPOINT_URL_SNS;
    process.env.AWS_ENDPOINT_URL_SNS = "http://127.0.0.1:9"; // nothing listens there: every publish fails
    resetEventsClient();
    try {
      const { id } = await submitTicket(desk.app, { email: "outage@example.com" });
      await reply(id, "Sent during an SNS outage");
    } finally {
      process.env.AWS_ENDPOINT_URL_SNS = endpoint;
      resetEventsClient();
    }
    const pending = await Promise.all(
      [0, 1, 2, 3].map((shard) => store().entities.outbox.query.byShard({ shard }).go()),
    );
    expect(pending.flatMap((p) => p.data).length).toBeGreaterThanOrEqual(2);
    await desk.drain();
    expect(await repliesTo("outage@example.com")).toHaveLength(0);

    const swept = await republishPending(new Date(Date.now() + 60_000));
    expect(swept.published).toBeGreaterThanOrEqual(2);
    expect(swept.failed).toBe(0);
    await desk.drain();
    expect(await repliesTo("outage@example.com")).toHaveLength(1);
    const again = await republishPending(new Date(Date.now() + 60_000));
    expect(again.published).toBe(0);
  });

  it("a poison message fails alone (one invocation per event) and ends in DeadLetters after every retry round", async () => {
    const { id } = await submitTicket(desk.app, { email: "batchmate@example.com" });
    const entryId = await reply(id, "Good message in a bad batch");
    await desk.drain();
    const good = JSON.stringify({
      type: "ticket.agent_replied",
      id: "01EVENTGOOD000000000000000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      entryId,
      agentId: agent.agent.agentId,
    });
    // One invocation per event: the poison one fails alone, the good one is handled.
    expect(await failedInvocations(mailWorker, ["{not json", good])).toEqual([0]);

    const dead = await poisonReachesDlq(desk, "Mail");
    expect(dead).toEqual(["{poison"]);
  });
});
