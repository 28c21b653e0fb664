import { beforeAll, describe, expect, it } from "vitest";
import { createTicket } from "../../core/ticket/create.ts";
import { addCustomerMessage } from "../../core/ticket/customer-writes.ts";
import { call, type Session, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";

// Hostile characters sent through every place names, subjects, titles, tags and bodies enter, then read back.
let desk: TestDesk;
let admin: Session;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = (await signedInAgent(desk.app, { role: "admin" })).session;
});

/** NUL, ESC, a C1 control (CSI), a right-to-left override, an isolate, a BOM and DEL. */
const NASTY = "\u0000\u001b\u009b\u202e\u2066\ufeff\u007f";
// A lone surrogate cannot travel through JSON.stringify unescaped; raw JSON text carries it as `\ud800`.
const LONE = "\\ud800";
const json = (value: Record<string, unknown>, raw: Record<string, string> = {}) => {
  let text = JSON.stringify(value);
  for (const [key, fragment] of Object.entries(raw))
    text = text.replace(`"${key}":"`, `"${key}":"${fragment}`);
  return text;
};
const hasHostile = (value: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udfff]/u.test(value);

const ticket = (id: string) => call(desk.app, "GET", `/api/tickets/${id}`, { as: admin });

describe("hostile characters are cleaned where they enter", () => {
  it("the web form (JSON): name and subject become one clean line; the message keeps newlines and tabs", async () => {
    const response = await call(desk.app, "POST", "/api/tickets", {
      body: json(
        {
          name: `Eve${NASTY}\r\nAdmin`,
          email: "eve@example.com",
          subject: `Invoice${NASTY}fdp.exe`,
          message: `Hello${NASTY}\r\n\tindented\nbye`,
        },
        { subject: LONE },
      ),
      ip: "192.0.2.200",
    });
    expect(response.status).toBe(201);
    const stored = (await ticket(response.json.id)).json;
    expect(stored.requester.name).toBe("Eve Admin");
    expect(stored.subject).toBe("\uFFFDInvoicefdp.exe");
    expect(stored.timeline[0].body).toBe("Hello\n\tindented\nbye");
  });

  it("the web form (form-encoded): %00 and %E2%80%AE are dropped", async () => {
    const response = await call(desk.app, "POST", "/api/tickets", {
      body: "name=Mal%00lory%E2%80%AE&email=mal%40example.com&subject=Hi%C2%9B%1B&message=Body%00text",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      ip: "192.0.2.201",
    });
    expect(response.status).toBe(201);
    const stored = (await ticket(response.json.id)).json;
    expect([stored.requester.name, stored.subject, stored.timeline[0].body]).toEqual([
      "Mallory",
      "Hi",
      "Bodytext",
    ]);
  });

  it("a name made only of controls is refused as empty, not stored", async () => {
    const response = await call(desk.app, "POST", "/api/tickets", {
      body: { name: NASTY, email: "ghost@example.com", subject: "x", message: "y" },
      ip: "192.0.2.202",
    });
    expect(response.status).toBe(400);
    expect(response.json.error.fields.name).toBe("Required");
  });

  it("agent tickets, tags, replies with file names, notes and customer messages", async () => {
    const created = await call(desk.app, "POST", "/api/agent/tickets", {
      as: admin,
      body: {
        name: `Phone${NASTY} caller`,
        email: "caller@example.com",
        subject: `Call${NASTY}`,
        message: "Called in",
        tags: [`vip${NASTY}`],
      },
    });
    expect(created.status).toBe(201);
    const id = created.json.ticket.id;
    expect(created.json.ticket.requester.name).toBe("Phone caller");
    expect(created.json.ticket.tags).toEqual(["vip"]);

    const etag = (await ticket(id)).headers.get("etag")!;
    const patched = await call(desk.app, "PATCH", `/api/tickets/${id}`, {
      as: admin,
      headers: { "if-match": etag },
      body: { tags: [`Urgent${NASTY}`] },
    });
    expect(patched.json.tags).toEqual(["urgent"]);

    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: admin,
      body: json(
        {
          body: `See attached${NASTY}\nThanks`,
          attachments: [{ name: "invoice\u202Efdp.exe", contentBase64: Buffer.from("x").toString("base64") }],
        },
        { body: LONE },
      ),
    });
    expect(reply.status).toBe(201);
    expect(reply.json.entry.body).toBe("\uFFFDSee attached\nThanks");
    expect(reply.json.entry.attachments[0].name).toBe("invoicefdp.exe");

    const note = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: admin,
      body: { body: `Internal${NASTY}` },
    });
    expect(note.json.entry.body).toBe("Internal");

    const portalToken = (await call(desk.app, "POST", `/api/tickets/${id}/portal-link`, { as: admin })).json
      .portalToken;
    const message = await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: { authorization: `Bearer ${portalToken}` },
      body: { message: `Thanks${NASTY}\r\nCustomer` },
    });
    expect(message.status).toBe(201);
    expect(message.json.timeline.at(-1).body).toBe("Thanks\nCustomer");

    const stored = (await ticket(id)).json;
    for (const entry of stored.timeline) {
      expect(hasHostile(entry.body ?? ""), entry.body).toBe(false);
      for (const file of entry.attachments) expect(hasHostile(file.name)).toBe(false);
    }
  });

  it("agent names, team and category names, article titles, canned replies and vendor names", async () => {
    const agent = await call(desk.app, "POST", "/api/admin/agents", {
      as: admin,
      body: {
        email: "spoof@desk.test",
        name: `Support${NASTY} Team`,
        password: "correct horse battery",
      },
    });
    expect(agent.status).toBe(201);
    expect(agent.json.name).toBe("Support Team");

    const team = await call(desk.app, "POST", "/api/admin/teams", {
      as: admin,
      body: { id: "clean-team", name: `Billing${NASTY}`, description: `Money${NASTY}\nmatters` },
    });
    expect(team.status).toBe(201);
    expect(team.json.name).toBe("Billing");
    expect(team.json.description).toBe("Money\nmatters");

    const category = await call(desk.app, "POST", "/api/admin/categories", {
      as: admin,
      body: { id: "clean-cat", name: `Access${NASTY}`, keywords: [`pass${NASTY}word`] },
    });
    expect(category.status).toBe(201);
    expect(category.json.name).toBe("Access");
    expect(category.json.keywords).toEqual(["password"]);

    const article = await call(desk.app, "POST", "/api/kb/articles", {
      as: admin,
      body: {
        title: `Reset${NASTY} password`,
        body: `Step 1${NASTY}\nStep 2`,
        locale: "en",
        status: "published",
      },
    });
    expect(article.status).toBe(201);
    const read = await call(desk.app, "GET", `/api/kb/articles/${article.json.id}`, { as: admin });
    expect(read.json.title).toBe("Reset password");
    expect(read.json.body).toBe("Step 1\nStep 2");

    const canned = await call(desk.app, "POST", "/api/admin/canned-replies", {
      as: admin,
      body: { title: `Greeting${NASTY}`, body: `Hello${NASTY}\n\tthere` },
    });
    expect(canned.status).toBe(201);
    expect([canned.json.title, canned.json.body]).toEqual(["Greeting", "Hello\n\tthere"]);

    const vendor = await call(desk.app, "POST", "/api/admin/vendors", {
      as: admin,
      body: { id: "acme", name: `Acme${NASTY}`, email: "acme@example.com" },
    });
    expect(vendor.status).toBe(201);
    expect(vendor.json.name).toBe("Acme");
  });

  it("tickets and messages filed by core callers that skip the edge (mail) get clean names and subjects", async () => {
    const { ticket } = await createTicket(
      {
        name: `"Victim${NASTY}" \ud800`,
        email: "victim@example.org",
        subject: `Re: invoice${NASTY}\r\n`,
        message: "From mail",
        locale: "en",
        channel: "email",
      },
      { type: "customer", name: "Victim", email: "victim@example.org" },
    );
    expect(ticket.requesterName).toBe('"Victim" \uFFFD');
    expect(ticket.subject).toBe("Re: invoice");
    const { entry } = await addCustomerMessage(ticket.ticketId, {
      body: "CC'd",
      channel: "email",
      from: { name: `Colleague${NASTY}\n`, email: "colleague@example.org" },
    });
    expect(entry.authorName).toBe("Colleague");
    const empty = await createTicket(
      { name: NASTY, email: "x@example.org", subject: NASTY, message: "m", locale: "en", channel: "email" },
      { type: "customer", name: "", email: "x@example.org" },
    );
    expect([empty.ticket.requesterName, empty.ticket.subject]).toEqual(["", "(no subject)"]);
  });
});
