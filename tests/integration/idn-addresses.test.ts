import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, rawMail } from "../support/mail.ts";
import { recordSes } from "../support/ses-recorder.ts";

/**
 * An internationalised domain travels and is stored in ASCII (punycode) — the ticket's key, the SES destination —
 * and is read by people in Unicode: the acknowledgement greets a sender who gave no name by their address as they
 * write it, and the agent API keeps the stored form for lookups.
 */
let desk: TestDesk;
let ses: Awaited<ReturnType<typeof recordSes>>;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  ses = await recordSes(desk.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
  agent = await signedInAgent(desk.app);
});
afterAll(() => ses?.stop());

describe("a sender at an internationalised domain, with no display name", () => {
  it("is filed and mailed in ASCII, stored with no decoded name, and greeted in Unicode", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "jose@xn--socit-esab.fr",
        subject: "Invoice sent twice",
        text: "The November invoice arrived twice, please cancel one.",
        headers: { "Authentication-Results": "amazonses.com; spf=pass; dkim=pass; dmarc=pass" },
      }),
    );
    const found = await call(desk.app, "GET", "/api/requesters/jose%40xn--socit-esab.fr/tickets", {
      as: agent.session,
    });
    expect(found.status).toBe(200);
    const id = found.json.items[0].id as string;
    const ticket = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
    // No display name: the stored name is the address as stored, never a decoded form of it (the app shows it
    // decoded, web/app/src/address.ts shownName; mail greets it decoded, core/mail/address.ts personName).
    expect(ticket.requester).toEqual({ name: "jose@xn--socit-esab.fr", email: "jose@xn--socit-esab.fr" });
    const [first] = ticket.timeline.filter((e: { kind: string }) => e.kind === "customer_message");
    expect(first.author).toMatchObject({ name: "jose@xn--socit-esab.fr", email: "jose@xn--socit-esab.fr" });

    const [ack, ...others] = (await ses.next()).filter((s) => s.subject.includes("Invoice sent twice"));
    expect(others).toEqual([]);
    expect(ack?.destinations).toEqual(["jose@xn--socit-esab.fr"]);
    // The To header carries the address alone: a name that is only the address says nothing.
    expect(ack?.toNames).toEqual([""]);
    expect(ack?.text).toMatch(/^Hello jose@société\.fr,\n/);
    expect(ack?.text).not.toContain("xn--");
  });

  it("finds the same tickets whether the agent or customer types the domain in Unicode or in ASCII", async () => {
    const typed = await call(desk.app, "POST", "/api/tickets", {
      body: {
        name: "José",
        email: "Jose@Société.fr",
        subject: "Second request",
        message: "Another question.",
      },
      ip: "198.51.100.77",
    });
    expect(typed.status).toBe(201);
    const mine = await call(desk.app, "GET", "/api/requesters/jose%40xn--socit-esab.fr/tickets", {
      as: agent.session,
    });
    expect(mine.json.items.map((t: { subject: string }) => t.subject).sort()).toEqual([
      "Invoice sent twice",
      "Second request",
    ]);
    // The agent searches the address as the app shows it: the same tickets.
    const searched = await call(desk.app, "GET", `/api/search?q=${encodeURIComponent("jose@société.fr")}`, {
      as: agent.session,
    });
    expect(searched.json.kind).toBe("email");
    expect(searched.json.items).toHaveLength(2);
  });
});
