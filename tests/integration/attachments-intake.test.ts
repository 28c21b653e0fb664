import { beforeAll, describe, expect, it } from "vitest";
import { store } from "../../core/store/index.ts";
import { MAX_TOTAL_BYTES } from "../../core/ticket/attachments.ts";
import { readCounts } from "../../core/ticket/counts.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Files Agent" });
});

let n = 0;
const PNG = Buffer.from("\x89PNG\r\n\x1a\n fake screenshot bytes", "binary");
const LOG = Buffer.from("12:00 error: printer offline\n12:01 retry failed\n");

/** The web form as a browser posts it with files: multipart, one `attachments` part per file. */
async function submitWithFiles(
  files: { name: string; type: string; content: Buffer }[],
  options: { email?: string; key?: string; subject?: string } = {},
) {
  n++;
  const form = new FormData();
  form.set("name", "Casey Customer");
  form.set("email", options.email ?? `files${n}@example.com`);
  form.set("subject", options.subject ?? `Printer offline ${n}`);
  form.set("message", "See the screenshot and the log.");
  form.set("locale", "fr");
  for (const file of files)
    form.append("attachments", new File([new Uint8Array(file.content)], file.name, { type: file.type }));
  const response = await desk.app.request(
    "/api/tickets",
    { method: "POST", body: form, headers: options.key ? { "idempotency-key": options.key } : {} },
    { incoming: { socket: { remoteAddress: `192.0.2.${n}` } } },
  );
  // biome-ignore lint/suspicious/noExplicitAny: asserted field by field
  return { status: response.status, json: (await response.json()) as any };
}

const storedBytes = async () => (await readCounts(["storage:bytes"]))["storage:bytes"] ?? 0;
const ticketsOf = async (email: string) =>
  (await call(desk.app, "GET", `/api/requesters/${encodeURIComponent(email)}/tickets`, { as: agent.session }))
    .json.items;
const download = async (ticketId: string, entryId: string, index: number) => {
  const response = await desk.app.request(
    `/api/tickets/${ticketId}/entries/${entryId}/attachments/${index}`,
    { headers: { cookie: agent.session.cookie } },
  );
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
};

describe("files on the web form", () => {
  it("stores a screenshot and a log like mail attachments and shows them on the ticket", async () => {
    const before = await storedBytes();
    const created = await submitWithFiles([
      { name: "écran.png", type: "image/png", content: PNG },
      // A declared type that would render: the desk keeps the type of the allowed extension instead.
      { name: "app.log", type: "text/html", content: LOG },
    ]);
    expect(created.status).toBe(201);
    const ticket = (await call(desk.app, "GET", `/api/tickets/${created.json.id}`, { as: agent.session }))
      .json;
    const first = ticket.timeline[0];
    expect(first.kind).toBe("customer_message");
    expect(first.body).toBe("See the screenshot and the log.");
    expect(first.attachments.map((a: { name: string; size: number }) => [a.name, a.size])).toEqual([
      ["écran.png", PNG.length],
      ["app.log", LOG.length],
    ]);
    expect((await download(created.json.id, first.id, 0)).bytes).toEqual(PNG);
    expect((await download(created.json.id, first.id, 1)).bytes).toEqual(LOG);
    // Same bucket and layout as a mail's files, counted in the desk's stored bytes.
    const { data: entry } = await store()
      .entities.entry.get({ ticketId: created.json.id, entryId: first.id })
      .go();
    expect(
      entry!.attachments!.every((a) => a.key!.startsWith(`attachments/${first.id}@${created.json.id}/`)),
    ).toBe(true);
    expect(entry!.attachments!.map((a) => a.contentType)).toEqual(["image/png", "text/plain"]);
    expect((await storedBytes()) - before).toBe(PNG.length + LOG.length);
    // The customer sees them on their page too.
    const portal = await call(desk.app, "GET", `/api/portal/tickets/${created.json.id}`, {
      headers: { authorization: `Bearer ${created.json.portalToken}` },
    });
    expect(portal.json.timeline[0].attachments).toEqual([
      { name: "écran.png", size: PNG.length },
      { name: "app.log", size: LOG.length },
    ]);
  });

  it("keeps only a file's base name: no directory part, no leading dots", async () => {
    const created = await submitWithFiles([
      { name: "../../../../etc/passwd.txt", type: "text/plain", content: LOG },
      { name: "..\\..\\windows\\win.ini.txt", type: "text/plain", content: LOG },
      { name: "/abs/path.log", type: "text/plain", content: LOG },
      { name: "...hidden.txt", type: "text/plain", content: LOG },
    ]);
    expect(created.status).toBe(201);
    const ticket = (await call(desk.app, "GET", `/api/tickets/${created.json.id}`, { as: agent.session }))
      .json;
    expect(ticket.timeline[0].attachments.map((a: { name: string }) => a.name)).toEqual([
      "passwd.txt",
      "win.ini.txt",
      "path.log",
      "hidden.txt",
    ]);
    const nameless = await submitWithFiles([{ name: "../", type: "text/plain", content: LOG }]);
    expect(nameless.status).toBe(400);
    expect(nameless.json.error.fields).toEqual({ "attachments.0.name": "Required" });
  });

  it("refuses a program, too many files or too many bytes with a clear code, and writes nothing", async () => {
    const before = await storedBytes();
    const email = "refused@example.com";
    const program = await submitWithFiles(
      [
        { name: "ok.png", type: "image/png", content: PNG },
        { name: "setup.exe", type: "application/x-msdownload", content: Buffer.from("MZ") },
      ],
      { email },
    );
    expect(program.status).toBe(400);
    expect(program.json.error.code).toBe("attachment_type_not_allowed");
    expect(program.json.error.fields).toEqual({ "attachments.1": "This type of file is not accepted" });
    const many = await submitWithFiles(
      Array.from({ length: 11 }, (_, i) => ({ name: `${i}.txt`, type: "text/plain", content: LOG })),
      { email },
    );
    expect(many.status).toBe(400);
    expect(many.json.error.code).toBe("too_many_attachments");
    const heavy = await submitWithFiles(
      [
        { name: "a.zip", type: "application/zip", content: Buffer.alloc(2.5 * 1024 * 1024, 1) },
        { name: "b.zip", type: "application/zip", content: Buffer.alloc(2.1 * 1024 * 1024, 2) },
      ],
      { email },
    );
    expect(heavy.status).toBe(413);
    expect(heavy.json.error.code).toBe("attachments_too_large");
    const huge = await submitWithFiles(
      [{ name: "huge.zip", type: "application/zip", content: Buffer.alloc(6 * 1024 * 1024 + 1, 3) }],
      { email },
    );
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe("payload_too_large");
    expect(await ticketsOf(email)).toEqual([]);
    expect(await storedBytes()).toBe(before);
  });

  it("keeps text-only submissions small: JSON over 128 KB is still refused", async () => {
    const response = await call(desk.app, "POST", "/api/tickets", {
      body: { name: "A", email: "big@example.com", subject: "x", message: "x".repeat(200 * 1024) },
      ip: "192.0.2.200",
    });
    expect(response.status).toBe(413);
  });

  it("stores the files once for a repeated Idempotency-Key", async () => {
    const before = await storedBytes();
    const files = [{ name: "screen.png", type: "image/png", content: PNG }];
    const first = await submitWithFiles(files, {
      email: "twice@example.com",
      key: "form-files-0001",
      subject: "Twice",
    });
    const again = await submitWithFiles(files, {
      email: "twice@example.com",
      key: "form-files-0001",
      subject: "Twice",
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json.id).toBe(first.json.id);
    expect((await storedBytes()) - before).toBe(PNG.length);
  });

  it("answers 409 to the same Idempotency-Key with other files, and stores nothing for it", async () => {
    const submission = { email: "other-files@example.com", key: "form-files-0002", subject: "Other files" };
    const first = await submitWithFiles(
      [{ name: "screen.png", type: "image/png", content: PNG }],
      submission,
    );
    expect(first.status).toBe(201);
    const before = await storedBytes();
    // Same name and size, other bytes; then another file; then no file at all.
    const otherBytes = Buffer.from(PNG.map((byte) => byte ^ 1));
    for (const files of [
      [{ name: "screen.png", type: "image/png", content: otherBytes }],
      [{ name: "app.log", type: "text/plain", content: LOG }],
      [],
    ]) {
      const again = await submitWithFiles(files, submission);
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe("idempotency_key_reused");
    }
    expect(await storedBytes()).toBe(before);
    expect(await ticketsOf("other-files@example.com")).toHaveLength(1);
  });
});

describe("files from agents and on customer replies", () => {
  it("takes a reply with files of the full allowance, in a request that fits Lambda's 6 MB event", async () => {
    const { id } = await submitTicket(desk.app);
    const half = Buffer.alloc(MAX_TOTAL_BYTES / 2, 3);
    const attachments = ["a.bin", "b.bin"].map((name) => ({
      name,
      contentType: "application/octet-stream",
      contentBase64: half.toString("base64"),
    }));
    const body = JSON.stringify({ body: "Everything we have", attachments });
    // Lambda counts the whole event (6,291,456 bytes): keep room for the request's headers and context.
    expect(Buffer.byteLength(body)).toBeLessThan(6 * 1024 * 1024 - 256 * 1024);
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, { as: agent.session, body });
    expect(reply.status).toBe(201);
    expect(reply.json.entry.attachments.map((a: { size: number }) => a.size)).toEqual([
      half.length,
      half.length,
    ]);
    const over = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: agent.session,
      body: {
        body: "One byte more",
        attachments: [...attachments, { name: "c.bin", contentBase64: "eA==" }],
      },
    });
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe("attachments_too_large");
  });

  it("stores nothing for a stale reply or note, and takes files back when the write fails", async () => {
    const { id } = await submitTicket(desk.app);
    const current = await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
    const etag = current.headers.get("etag")!;
    // Someone else changes the ticket: the version the agent saw is now stale.
    const moved = await call(desk.app, "PATCH", `/api/tickets/${id}`, {
      as: agent.session,
      body: { priority: "high" },
      headers: { "if-match": etag },
    });
    expect(moved.status).toBe(200);
    const before = await storedBytes();
    const attachments = [
      { name: "fix.pdf", contentType: "application/pdf", contentBase64: PNG.toString("base64") },
    ];
    for (const kind of ["replies", "notes"]) {
      const stale = await call(desk.app, "POST", `/api/tickets/${id}/${kind}`, {
        as: agent.session,
        body: { body: "Decided on an old version", attachments },
        headers: { "if-match": etag },
      });
      expect(stale.status).toBe(412);
    }
    // A write that fails once the files are stored (no such ticket) takes them back.
    for (const kind of ["replies", "notes"]) {
      const missing = await call(desk.app, "POST", `/api/tickets/01NOSUCHTICKET/${kind}`, {
        as: agent.session,
        body: { body: "Nowhere", attachments },
      });
      expect(missing.status).toBe(404);
    }
    expect(await storedBytes()).toBe(before);
    const timeline = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json.timeline;
    expect(
      timeline.filter((e: { body: string }) => /Decided on an old version|Nowhere/.test(e.body)),
    ).toEqual([]);
  });

  it("attaches files to a reply (any type for agents) and refuses more than ten", async () => {
    const { id } = await submitTicket(desk.app);
    const big = Buffer.alloc(1.5 * 1024 * 1024, 7); // over the API-wide 1 MB body limit once in base64
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: {
        body: "The fix and the tool",
        attachments: [
          { name: "fix.pdf", contentType: "application/pdf", contentBase64: big.toString("base64") },
          { name: "tool.exe", contentType: "application/x-msdownload", contentBase64: "TVo=" },
        ],
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.json.entry.attachments.map((a: { name: string }) => a.name)).toEqual([
      "fix.pdf",
      "tool.exe",
    ]);
    expect((await download(id, reply.json.entry.id, 0)).bytes).toEqual(big);
    const many = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: {
        body: "Too many",
        attachments: Array.from({ length: 11 }, (_, i) => ({ name: `${i}.txt`, contentBase64: "eA==" })),
      },
    });
    expect(many.status).toBe(400);
    expect(many.json.error.code).toBe("too_many_attachments");
    const note = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: agent.session,
      body: {
        body: "Vendor invoice",
        attachments: [{ name: "invoice.pdf", contentBase64: big.toString("base64") }],
      },
    });
    expect(note.status).toBe(201);
    expect(note.json.entry.attachments[0]).toMatchObject({ name: "invoice.pdf", size: big.length });
    expect((await download(id, note.json.entry.id, 0)).bytes).toEqual(big);
    const timeline = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json.timeline;
    expect(timeline.filter((e: { body: string }) => e.body === "Too many")).toEqual([]);
  });

  it("logs a walk-in ticket with a photo of the screen", async () => {
    const photo = Buffer.alloc(1.2 * 1024 * 1024, 9);
    const created = await call(desk.app, "POST", "/api/agent/tickets", {
      as: agent.session,
      body: {
        name: "Walk In",
        email: "walkin@example.com",
        subject: "Screen cracked",
        message: "Came to the desk with the laptop",
        channel: "walk_in",
        attachments: [
          { name: "photo.jpg", contentType: "image/jpeg", contentBase64: photo.toString("base64") },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.ticket.channel).toBe("walk_in");
    const ticket = (
      await call(desk.app, "GET", `/api/tickets/${created.json.ticket.id}`, { as: agent.session })
    ).json;
    expect(ticket.timeline[0].attachments[0]).toMatchObject({ name: "photo.jpg", size: photo.length });
    expect((await download(ticket.id, ticket.timeline[0].id, 0)).bytes).toEqual(photo);
    // The timeline says how it came in, in words rather than the channel's code.
    expect(ticket.timeline.map((e: { body: string }) => e.body)).toContain(
      "Opened on behalf of Walk In (at the desk)",
    );
  });

  it("takes a customer reply with more than 1 MB of files, and refuses a script", async () => {
    const { id, portalToken } = await submitTicket(desk.app);
    const auth = { authorization: `Bearer ${portalToken}` };
    const log = Buffer.alloc(1.5 * 1024 * 1024, 65);
    const sent = await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: auth,
      body: {
        message: "Full log",
        attachments: [{ name: "full.log", contentBase64: log.toString("base64") }],
      },
    });
    expect(sent.status).toBe(201);
    expect(sent.json.timeline.at(-1).attachments).toEqual([{ name: "full.log", size: log.length }]);
    const script = await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
      headers: auth,
      body: { message: "Run this", attachments: [{ name: "fix.ps1", contentBase64: "eA==" }] },
    });
    expect(script.status).toBe(400);
    expect(script.json.error.code).toBe("attachment_type_not_allowed");
  });
});
