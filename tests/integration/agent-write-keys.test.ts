import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { mailsTo } from "../support/mail.ts";

/**
 * An agent's reply or note sent again with the same Idempotency-Key (the app resends a message whose answer was
 * lost on the way back) is stored, and mailed, once — also when the first write moved the ticket's version on,
 * so the retry's If-Match is stale.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let other: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Kim Keyed" });
  other = await signedInAgent(desk.app, { name: "Lou Other" });
});

const etagOf = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).headers.get("etag")!;
const timeline = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json.timeline as {
    kind: string;
    body: string;
  }[];

describe("an agent's write sent again with its Idempotency-Key", () => {
  it("stores and mails a reply once, even when the retry's If-Match is stale", async () => {
    const email = "keyed-reply@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();
    const seen = await etagOf(id);
    const send = (as = agent.session) =>
      call(desk.app, "POST", `/api/tickets/${id}/replies`, {
        as,
        headers: { "if-match": seen, "idempotency-key": "reply-0001-abcdef" },
        body: { body: "Restart the router, please." },
      });
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json.entry.id).toBe(first.json.entry.id);
    expect(again.json.ticket.version).toBe(first.json.ticket.version);
    await desk.drain();
    const replies = (await timeline(id)).filter((e) => e.kind === "agent_reply");
    expect(replies.map((e) => e.body)).toEqual(["Restart the router, please."]);
    expect(
      (await mailsTo(desk, email)).filter((m) => m.body.text?.includes("Restart the router")),
    ).toHaveLength(1);

    // Another agent's key is theirs: the same key writes their own reply (and a stale If-Match is refused).
    expect((await send(other.session)).status).toBe(412);
    // Without a key, a stale If-Match is still refused, and nothing is written.
    const unkeyed = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      headers: { "if-match": seen },
      body: { body: "Restart the router, please." },
    });
    expect(unkeyed.status).toBe(412);
    expect((await timeline(id)).filter((e) => e.kind === "agent_reply")).toHaveLength(1);
  });

  it("stores a note once; a reply with the same key is another write; a malformed key writes nothing", async () => {
    const { id } = await submitTicket(desk.app);
    const note = (body: string, key: string, kind = "notes") =>
      call(desk.app, "POST", `/api/tickets/${id}/${kind}`, {
        as: agent.session,
        headers: { "idempotency-key": key },
        body: { body },
      });
    const first = await note("Checked the logs.", "note-key-0001");
    expect(first.status).toBe(201);
    expect((await note("Checked the logs.", "note-key-0001")).json.entry.id).toBe(first.json.entry.id);
    expect((await note("Sent a courier.", "note-key-0001", "replies")).status).toBe(201);
    const reused = await note("Checked the cables.", "note-key-0001");
    expect(reused.status).toBe(409);
    expect(reused.json.error.code).toBe("idempotency_key_reused");
    // Same text, another setting or another file of the same name and size: another message too.
    const solveToo = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      headers: { "idempotency-key": "note-key-0001" },
      body: { body: "Sent a courier.", status: "solved" },
    });
    expect(solveToo.status).toBe(409);
    const withFile = (text: string) => ({
      body: "Log attached.",
      attachments: [
        { name: "app.log", contentType: "text/plain", contentBase64: Buffer.from(text).toString("base64") },
      ],
    });
    const logged = (text: string) =>
      call(desk.app, "POST", `/api/tickets/${id}/notes`, {
        as: agent.session,
        headers: { "idempotency-key": "note-key-file-1" },
        body: withFile(text),
      });
    expect((await logged("ERROR disk full")).status).toBe(201);
    expect((await logged("ERROR disk full")).headers.get("idempotent-replayed")).toBe("true");
    expect((await logged("OK, all is fine")).status).toBe(409);
    const bad = await note("Nope", "short");
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation");
    const entries = await timeline(id);
    expect(entries.filter((e) => e.kind === "internal_note").map((e) => e.body)).toEqual([
      "Checked the logs.",
      "Log attached.",
    ]);
    expect(entries.filter((e) => e.kind === "agent_reply").map((e) => e.body)).toEqual(["Sent a courier."]);
    expect(entries.some((e) => e.body === "Nope" || e.body === "Checked the cables.")).toBe(false);
  });

  it("refuses a malformed key when an agent logs a ticket", async () => {
    const logged = await call(desk.app, "POST", "/api/agent/tickets", {
      as: agent.session,
      headers: { "idempotency-key": "bad key with spaces" },
      body: { name: "Pat Phone", email: "pat.phone@example.com", subject: "Printer", message: "Jammed." },
    });
    expect(logged.status).toBe(400);
    expect(logged.json.error.code).toBe("validation");
    const found = await call(desk.app, "GET", "/api/requesters/pat.phone%40example.com/tickets", {
      as: agent.session,
    });
    expect(found.json.items).toEqual([]);
  });
});
