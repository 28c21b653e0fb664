import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fileInboundMail } from "../../core/mail/inbound.ts";
import { putObject, storeInboundMail } from "../../core/mail/raw-store.ts";
import { viewTicketAsCustomer } from "../../core/ticket/read.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, mailsTo, ticketsOf } from "../support/mail.ts";

/**
 * A "complete copy" is filed in the place of a customer's message cut short, and the customer then sees only
 * it: so it must be that message, not just any mail bearing its Message-ID (which the people copied on it, a
 * list, or anyone quoting it in a reply know). A copy from another sender, with other words, or failing its
 * domain's DMARC is a duplicate, and the cut copy stays as it was. A genuine retry passes through relays of its
 * own (other trace headers on top), and may come with other line endings.
 */

const fixture = (name: string, address: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name))
    .toString("latin1")
    .replaceAll("irene.morel@client.example", address)
    .replaceAll("PR3P195MB0871A2C4E1F09B7D5E3A9C41BD5A2@", `${address.split("@")[0]}.PR3P195@`);
const bytes = (text: string) => Buffer.from(text, "latin1");
const cutOf = (address: string) => bytes(fixture("rw6-relay-retry-cut.eml", address));
const completeOf = (address: string, change: (text: string) => string = (t) => t) =>
  bytes(change(fixture("rw6-relay-retry-complete.eml", address)));

type Entry = { id: string; kind: string; body?: string; supersededBy: string | null };

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  agent = await signedInAgent(desk.app);
  admin = await signedInAgent(desk.app, { role: "admin" });
});

const messagesOf = async (address: string) => {
  const tickets = await ticketsOf(desk, agent.session, address);
  expect(tickets).toHaveLength(1);
  const view = (await call(desk.app, "GET", `/api/tickets/${tickets[0]!.id}`, { as: agent.session }))
    .json as { timeline: Entry[] };
  return { ticketId: tickets[0]!.id, messages: view.timeline.filter((e) => e.kind === "customer_message") };
};

/** The cut copy filed, then `copy`: its outcome. */
async function cutThen(address: string, copy: Buffer) {
  await deliver(desk, cutOf(address));
  const outcome = await fileInboundMail(await storeInboundMail(copy));
  await desk.drain();
  return outcome;
}

describe("a copy with a cut message's Message-ID that is not that message", () => {
  it("from another sender: a duplicate, the customer's cut copy stays theirs", async () => {
    const address = "irene.f1@client.example";
    // Someone copied on the message sends it again as their own, whole: it is not the customer's retry.
    const forged = completeOf(address, (t) => t.replace(`<${address}>`, "<mallory@attacker.example>"));
    expect((await cutThen(address, forged)).outcome).toBe("duplicate");
    const { ticketId, messages } = await messagesOf(address);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.supersededBy).toBeNull();
    const portal = await viewTicketAsCustomer(ticketId);
    expect(portal.timeline.filter((e) => e.kind === "customer_message")).toHaveLength(1);
  });

  it("from the same address with other words: a duplicate", async () => {
    const address = "irene.f2@client.example";
    const forged = completeOf(address, (t) =>
      t.replace(
        "Please refund the second charge to the same card.",
        "Please refund to IBAN FR76 3000 6000 0112.",
      ),
    );
    expect((await cutThen(address, forged)).outcome).toBe("duplicate");
    const { messages } = await messagesOf(address);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.supersededBy).toBeNull();
    expect(messages.some((m) => m.body?.includes("IBAN"))).toBe(false);
  });

  it("failing its domain's DMARC: a duplicate", async () => {
    const address = "irene.f3@client.example";
    const forged = completeOf(
      address,
      (t) =>
        `Authentication-Results: amazonses.com; spf=fail smtp.mailfrom=client.example; dkim=fail; dmarc=fail header.from=client.example\r\n${t}`,
    );
    expect((await cutThen(address, forged)).outcome).toBe("duplicate");
    const { messages } = await messagesOf(address);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.supersededBy).toBeNull();
  });
});

describe("a genuine complete copy", () => {
  it("through other relays (its own trace headers) and with LF line endings: completed", async () => {
    const address = "irene.f4@client.example";
    const retried = completeOf(address, (t) =>
      `Received: from relay2.client.example (relay2.client.example [203.0.113.26])\r\n\tby inbound-smtp.eu-west-1.amazonaws.com with SMTP id 9z8y7x6w5v\r\n\tfor support@desk.localhost; Mon, 07 Dec 2026 09:07:12 +0000 (UTC)\r\nAuthentication-Results: amazonses.com; spf=pass smtp.mailfrom=client.example; dkim=pass header.i=@client.example; dmarc=pass header.from=client.example\r\n${t.replace(/^Received:[\s\S]*?(?=^From:)/m, "")}`.replaceAll(
        "\r\n",
        "\n",
      ),
    );
    expect((await cutThen(address, retried)).outcome).toBe("completed");
    const { messages } = await messagesOf(address);
    expect(messages).toHaveLength(2);
    expect(messages[0]!.supersededBy).toBe(messages[1]!.id);
    expect(messages[1]!.body).toContain("Please refund the second charge to the same card.");
  });

  it("filed at the same moment as the cut copy: the ticket ends with the complete text, whichever came first", async () => {
    // The cut copy and the retry filed side by side, each once (no redelivery heals a lost one: a duplicate is
    // an answer): whichever takes the Message-ID first, the complete words end on the ticket, shown to the
    // customer. Four pairs, so that the cut copy wins at least one race.
    const put = async (raw: Buffer) => {
      const key = `tests/race/${randomUUID()}.eml`;
      await putObject(key, raw, "message/rfc822");
      return key;
    };
    const addresses = [1, 2, 3, 4].map((n) => `irene.f5${n}@client.example`);
    for (const address of addresses) {
      const keys = await Promise.all([put(cutOf(address)), put(completeOf(address))]);
      await Promise.all(keys.map((key) => fileInboundMail(key)));
    }
    await desk.drain();
    for (const address of addresses) {
      const { ticketId, messages } = await messagesOf(address);
      const shown = messages.filter((m) => !m.supersededBy);
      expect(shown).toHaveLength(1);
      expect(shown[0]!.body).toContain("Please refund the second charge to the same card.");
      expect(shown[0]!.body).not.toContain("may be incomplete");
      const portal = await viewTicketAsCustomer(ticketId);
      const bodies = portal.timeline.filter((e) => e.kind === "customer_message").map((e) => e.body);
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).not.toContain("may be incomplete");
    }
  });
});

describe("where the request is quoted after its complete copy came", () => {
  it("hands a vendor the complete request, not the cut copy", async () => {
    const address = "irene.f6@client.example";
    expect((await cutThen(address, completeOf(address))).outcome).toBe("completed");
    const vendor = await call(desk.app, "POST", "/api/admin/vendors", {
      as: admin.session,
      body: { id: "bank-ops", name: "Bank Ops", email: "ops@bank.example", responseMinutes: 120 },
    });
    expect(vendor.status).toBe(201);
    const { ticketId } = await messagesOf(address);
    const handed = await call(desk.app, "POST", `/api/tickets/${ticketId}/vendor`, {
      as: agent.session,
      body: { vendorId: "bank-ops", message: "Please reverse the second charge." },
    });
    expect(handed.status).toBe(200);
    await desk.drain();
    const [handoff] = (await mailsTo(desk, "ops@bank.example")) as unknown as { body: { text: string } }[];
    expect(handoff!.body.text).toContain("Please refund the second charge to the same card.");
    expect(handoff!.body.text).not.toContain("may be incomplete");
  });
});

describe("an agent's open ticket page", () => {
  it("sees the ticket changed when the complete copy comes (its ETag moves)", async () => {
    const address = "irene.f7@client.example";
    await deliver(desk, cutOf(address));
    const { ticketId } = await messagesOf(address);
    const before = await call(desk.app, "GET", `/api/tickets/${ticketId}`, { as: agent.session });
    const etag = before.headers.get("etag")!;
    expect(etag).toBeTruthy();
    expect((await fileInboundMail(await storeInboundMail(completeOf(address)))).outcome).toBe("completed");
    const polled = await call(desk.app, "GET", `/api/tickets/${ticketId}`, {
      as: agent.session,
      headers: { "if-none-match": etag },
    });
    expect(polled.status).toBe(200);
    expect(polled.json.timeline.filter((e: Entry) => e.kind === "customer_message")).toHaveLength(2);
  });
});
