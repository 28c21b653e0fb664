import { beforeAll, describe, expect, it } from "vitest";
import { call, patchTicket, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * Who is copied on a ticket: the requester's own vouched-for mail copies the people it names, new ticket or reply;
 * any other mail copies nobody, and agents see whom it named ("not copied") and add them by hand if they should be.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Cora Copies" });
});

const auth = (dmarc: "pass" | "fail" | "none") => ({
  "Authentication-Results": `amazonses.com; spf=pass; dkim=pass; dmarc=${dmarc}`,
});
type Seen = {
  id: string;
  number: number;
  cc: string[];
  timeline: { kind: string; body: string; mail: { notCopied: string[] } | null; changes: unknown }[];
};
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as Seen;
const newTicket = async (address: string) => {
  const [ticket] = await ticketsOf(desk, agent.session, address);
  return view(ticket!.id);
};

describe("copies on a new mail ticket", () => {
  it("the requester's own vouched-for mail copies whom it names", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Ana <ana@client.example>",
        cc: "ben@client.example",
        subject: "Printer",
        headers: auth("pass"),
      }),
    );
    const ticket = await newTicket("ana@client.example");
    expect(ticket.cc).toEqual(["ben@client.example"]);
    expect(ticket.timeline[0]!.mail!.notCopied).toEqual([]);
  });

  it("a Reply-To naming someone else copies nobody: the stranger is shown as not copied", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Mallory <mallory@evil.example>",
        cc: "mallory@evil.example",
        subject: "Reset my payroll password",
        headers: { ...auth("pass"), "Reply-To": "victim@example.org" },
      }),
    );
    const ticket = await newTicket("victim@example.org");
    expect(ticket.cc).toEqual([]);
    expect(ticket.timeline[0]!.mail!.notCopied).toEqual(["mallory@evil.example"]);
  });

  it("a From no DMARC vouched for copies nobody until an agent adds them", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Dee <dee@nodmarc.example>",
        cc: "eve@nodmarc.example",
        subject: "VPN",
        headers: auth("none"),
      }),
    );
    const ticket = await newTicket("dee@nodmarc.example");
    expect(ticket.cc).toEqual([]);
    expect(ticket.timeline[0]!.mail!.notCopied).toEqual(["eve@nodmarc.example"]);

    const added = await patchTicket(desk.app, agent.session, ticket.id, { cc: ["Eve@nodmarc.example"] });
    expect(added.status).toBe(200);
    const after = await view(ticket.id);
    expect(after.cc).toEqual(["eve@nodmarc.example"]);
    expect(JSON.stringify(after.timeline.at(-1)!.changes)).toContain("eve@nodmarc.example");
  });
});

describe("copies on a reply", () => {
  it("a reply DMARC could not vouch for shows whom it named, and copies nobody", async () => {
    await deliver(
      desk,
      await rawMail({ from: "Fay <fay@nodmarc2.example>", subject: "Laptop", headers: auth("pass") }),
    );
    const ticket = await newTicket("fay@nodmarc2.example");
    await deliver(
      desk,
      await rawMail({
        from: "Fay <fay@nodmarc2.example>",
        cc: "gus@nodmarc2.example",
        subject: `Re: Laptop [#${ticket.number}]`,
        text: "My manager must approve: copying him.",
        headers: auth("none"),
      }),
    );
    const after = await view(ticket.id);
    expect(after.cc).toEqual([]);
    const reply = after.timeline.find((e) => e.body === "My manager must approve: copying him.");
    expect(reply!.mail!.notCopied).toEqual(["gus@nodmarc2.example"]);
  });
});

describe("an agent edits the copies", () => {
  it("refuses the desk, a no-reply box or the requester, and removes one by sending the list without it", async () => {
    await deliver(
      desk,
      await rawMail({ from: "Hal <hal@client.example>", subject: "Badge", headers: auth("pass") }),
    );
    const ticket = await newTicket("hal@client.example");
    for (const bad of ["support@desk.localhost", "no-reply@client.example"]) {
      const refused = await patchTicket(desk.app, agent.session, ticket.id, { cc: [bad] });
      expect(refused.status).toBe(400);
      // Its own code and the addresses it refuses, for the app to say in the agent's language; English kept.
      expect(refused.json.error.code).toBe("cc_not_copyable");
      expect(refused.json.error.params).toEqual({ addresses: [bad] });
      expect(refused.json.error.message).toBe(
        `Cannot copy ${bad}: not a valid address, a no-reply box or the desk itself`,
      );
      expect(refused.json.error.fields.cc).toContain(bad);
    }
    const invalid = await patchTicket(desk.app, agent.session, ticket.id, { cc: ["not an address"] });
    expect(invalid.status).toBe(400);
    expect((await view(ticket.id)).cc).toEqual([]);

    // The requester gets every mail already: copying them is refused and said, never answered 200 with `cc: []`.
    const requester = await patchTicket(desk.app, agent.session, ticket.id, {
      cc: ["ida@client.example", "Hal@client.example", "jo@client.example"],
    });
    expect(requester.status).toBe(400);
    expect(requester.json.error.code).toBe("cc_requester");
    expect(requester.json.error.params).toEqual({ addresses: ["hal@client.example"] });
    expect(requester.json.error.message).toBe(
      "Cannot copy hal@client.example: the requester, who gets every mail of the ticket already",
    );
    expect(requester.json.error.fields.cc).toBe(requester.json.error.message);
    // The OpenAPI document names both codes on the route and `params` in the error shape.
    const doc = (await call(desk.app, "GET", "/api/openapi.json")).json;
    expect(doc.paths["/tickets/{id}"].patch.description).toMatch(/cc_not_copyable.*cc_requester/);
    expect(Object.keys(doc.components.schemas.Error.properties.error.properties)).toContain("params");
    expect((await view(ticket.id)).cc).toEqual([]);
    await patchTicket(desk.app, agent.session, ticket.id, {
      cc: ["ida@client.example", "jo@client.example"],
    });
    expect((await view(ticket.id)).cc).toEqual(["ida@client.example", "jo@client.example"]);
    await patchTicket(desk.app, agent.session, ticket.id, { cc: ["jo@client.example"] });
    expect((await view(ticket.id)).cc).toEqual(["jo@client.example"]);
  });
});

describe("copies review", () => {
  it("stores an address named twice once, and keeps an unusual address already copied editable", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Gil <gil@dup.example>",
        to: "support@desk.localhost, hana@dup.example",
        cc: ["hana@dup.example", "ivan@пример.рф", "ops&it@dup.example"],
        subject: "Dup",
        headers: auth("pass"),
      }),
    );
    const ticket = await newTicket("gil@dup.example");
    expect(ticket.cc).toEqual(["hana@dup.example", "ivan@xn--e1afmkfd.xn--p1ai", "ops&it@dup.example"]);
    const removed = await patchTicket(desk.app, agent.session, ticket.id, {
      cc: ticket.cc.filter((a) => a !== "hana@dup.example"),
    });
    expect(removed.status).toBe(200);
    expect((await view(ticket.id)).cc).toEqual(["ivan@xn--e1afmkfd.xn--p1ai", "ops&it@dup.example"]);
  });

  it("names whom a requester's reply could not copy for want of room", async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `p${i}@full.example`);
    await deliver(
      desk,
      await rawMail({ from: "Kim <kim@full.example>", cc: twenty, subject: "Full", headers: auth("pass") }),
    );
    const ticket = await newTicket("kim@full.example");
    expect(ticket.cc).toHaveLength(20);
    await deliver(
      desk,
      await rawMail({
        from: "Kim <kim@full.example>",
        cc: "boss@full.example",
        subject: `Re: Full [#${ticket.number}]`,
        text: "Copying my boss.",
        headers: auth("pass"),
      }),
    );
    const after = await view(ticket.id);
    expect(after.cc).not.toContain("boss@full.example");
    expect(after.timeline.find((e) => e.body === "Copying my boss.")!.mail!.notCopied).toEqual([
      "boss@full.example",
    ]);
  });
});
