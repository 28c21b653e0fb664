import { beforeAll, describe, expect, it } from "vitest";
import { MAX_MERGE_HOPS } from "../../core/ticket/merge.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { deliver, rawMail } from "../support/mail.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Mail Agent" });
});

type View = {
  number: number;
  requesterUndeliverable: { reason: string } | null;
  timeline: { id: string; body: string | null; messageId: string | null; kind: string }[];
};
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as View;
const post = (path: string, body: unknown) =>
  call(desk.app, "POST", `/api/${path}`, { as: agent.session, body });

/** An agent reply on the ticket, sent: its Message-ID. */
async function sentReply(ticketId: string) {
  const reply = await post(`tickets/${ticketId}/replies`, { body: "We are on it" });
  await desk.drain();
  return (await view(ticketId)).timeline.find((e) => e.id === reply.json.entry.id)!.messageId!;
}

const qmailBounce = (address: string, messageId: string) =>
  [
    "From: MAILER-DAEMON@mx.client.example",
    "To: support@desk.localhost",
    "Subject: failure notice",
    `Message-ID: <qmail-${Math.random()}@mx.client.example>`,
    "",
    "Hi. This is the qmail-send program at mx.client.example.",
    "I'm afraid I wasn't able to deliver your message to the following addresses.",
    "This is a permanent error; I've given up. Sorry it didn't work out.",
    "",
    `<${address}>:`,
    "550 5.1.1 mailbox unavailable",
    "",
    "--- Below this line is a copy of the message.",
    "",
    `Message-ID: ${messageId}`,
    "",
  ].join("\r\n");

describe("mail of a merged ticket", () => {
  it("a bounce of mail sent before the merge still stops mail to the failed address", async () => {
    const kept = await submitTicket(desk.app, { email: "alive@client.example", subject: "Kept" });
    const gone = await submitTicket(desk.app, { email: "gone.merged@client.example", subject: "Gone" });
    const replyId = await sentReply(gone.id);
    expect((await post(`tickets/${gone.id}/merge`, { into: kept.id })).status).toBe(200);
    await desk.drain();

    await deliver(desk, qmailBounce("gone.merged@client.example", replyId));
    expect((await view(gone.id)).requesterUndeliverable).toMatchObject({ reason: "bounce" });
    // The ticket kept is another requester's: its address is not touched.
    expect((await view(kept.id)).requesterUndeliverable ?? null).toBeNull();
  });

  it(`follows a chain of merges longer than the old bound, to its end (up to ${MAX_MERGE_HOPS} hops)`, async () => {
    const chain = [];
    for (let i = 0; i < 8; i++)
      chain.push(await submitTicket(desk.app, { email: `chain${i}@client.example`, subject: `Chain ${i}` }));
    const replyId = await sentReply(chain[0]!.id);
    for (let i = 0; i < chain.length - 1; i++)
      expect((await post(`tickets/${chain[i]!.id}/merge`, { into: chain[i + 1]!.id })).status).toBe(200);

    await deliver(
      desk,
      await rawMail({
        from: "chain0@client.example",
        subject: "Re: Chain 0",
        text: "Reached the end of the chain",
        inReplyTo: replyId,
        references: [replyId],
      }),
    );
    const last = await view(chain.at(-1)!.id);
    expect(
      last.timeline.some((e) => e.kind === "customer_message" && e.body === "Reached the end of the chain"),
    ).toBe(true);
  });
});

describe("search of a merged ticket", () => {
  it("finds the ticket it was merged into along with it", async () => {
    const kept = await submitTicket(desk.app, { subject: "Badge reader", message: "It beeps red" });
    const dup = await submitTicket(desk.app, { subject: "Door", message: "The quokkabadge turnstile jams" });
    expect((await post(`tickets/${dup.id}/merge`, { into: kept.id })).status).toBe(200);
    await desk.drain();
    const found = (await call(desk.app, "GET", "/api/search?q=quokkabadge", { as: agent.session })).json as {
      items: { id: string }[];
    };
    expect(found.items.map((t) => t.id)).toEqual([dup.id, kept.id]);
  });
});
