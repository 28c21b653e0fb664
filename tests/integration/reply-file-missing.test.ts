import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { deliverReply } from "../../core/mail/deliver.ts";
import { deleteObjects } from "../../core/mail/raw-store.ts";
import { store } from "../../core/store/index.ts";
import { handler as mailWorker } from "../../functions/workers/mail.ts";
import { localSqs } from "../../infra/local/queues.ts";
import {
  call,
  failedInvocations,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { mailsTo } from "../support/mail.ts";

/**
 * An agent's reply whose attached file is no longer in the bucket (deleted by retention, or never stored), on the
 * emulators through the Mail worker: the reply is not mailed without the file, fails for good with a code and the
 * file's name, and is never retried nor dead-lettered.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Frankie Files" });
});

const file = (name: string, text: string) => ({
  name,
  contentType: "application/pdf",
  contentBase64: Buffer.from(text).toString("base64"),
});
const storedEntry = async (ticketId: string, entryId: string) =>
  (await store().entities.entry.get({ ticketId, entryId }).go({ consistent: true })).data!;
const ticketView = (ticketId: string) =>
  call(desk.app, "GET", `/api/tickets/${ticketId}`, { as: agent.session });

/** The Mail worker's failed invocations of this ticket's events, waiting in the Retry queue. */
async function retriesOf(ticketId: string) {
  const { Messages = [] } = await localSqs().send(
    new ReceiveMessageCommand({ QueueUrl: desk.retryUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  return Messages.filter((m) => m.Body?.includes(ticketId));
}

describe("a reply whose attached file is no longer stored", () => {
  it("is not mailed, fails for good naming the file, and a redelivery changes nothing", async () => {
    const email = "file-gone@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain(); // the acknowledgement and triage
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: {
        body: "Here are the invoice and the receipt",
        attachments: [file("invoice.pdf", "%PDF invoice"), file("receipt.pdf", "%PDF receipt")],
      },
    });
    expect(reply.status).toBe(201);
    const entryId = reply.json.entry.id as string;
    // Retention takes the invoice before the Mail worker gets the reply.
    const listed = (await storedEntry(id, entryId)).attachments!;
    await deleteObjects([listed[0]!.key!]);
    const etagBefore = (await ticketView(id)).headers.get("etag");

    await desk.drain();

    expect((await mailsTo(desk, email)).filter((m) => m.subject.startsWith("Re: "))).toHaveLength(0);
    const view = await ticketView(id);
    const delivery = view.json.timeline.find((e: { id: string }) => e.id === entryId).delivery;
    expect(delivery).toMatchObject({ status: "failed", code: "file_missing", missingFiles: ["invoice.pdf"] });
    expect(delivery.error).toContain('"invoice.pdf"');
    expect(delivery.error).not.toMatch(/NoSuchKey|receipt/);
    // The failure shows in the agent's view (the view stamp moved), and nothing waits to be retried.
    expect(view.headers.get("etag")).not.toBe(etagBefore);
    expect(await retriesOf(id)).toEqual([]);
    const recorded = await storedEntry(id, entryId);
    expect(recorded.delivery).toMatchObject({ status: "failed", attempts: 1 });

    // The same event again (a late duplicate, a redrive): no throw, no mail, the record as it was.
    const event = JSON.stringify({
      type: "ticket.agent_replied",
      id: "01EVENTREPLYFILEGONE0000000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      entryId,
      agentId: agent.agent.agentId,
    });
    expect(await failedInvocations(mailWorker, [event])).toEqual([]);
    expect(await deliverReply(id, entryId)).toBe("failed");
    expect((await storedEntry(id, entryId)).delivery).toEqual(recorded.delivery);
    expect((await mailsTo(desk, email)).filter((m) => m.subject.startsWith("Re: "))).toHaveLength(0);
  });
});
