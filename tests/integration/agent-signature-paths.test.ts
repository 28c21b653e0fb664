import { beforeAll, describe, expect, it } from "vitest";
import {
  call,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/**
 * The other ways a signed reply is written or reused, on the emulators: through an API token with "send and
 * solve", retried with its Idempotency-Key after the agent changed their signature (one mail, the first
 * signature), and turned into a knowledge-base article (the agent's words only, never the signature).
 */
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});

const repliesTo = async (address: string) =>
  (await sentMail(desk.endpoints.mail)).filter(
    (m) => m.destination.to.some((to) => to.includes(address)) && m.subject.startsWith("Re: "),
  );
const textOf = (mail: { body: { text: string } }) => mail.body.text.replace(/\n$/, "");

describe("a signed reply written through an API token", () => {
  it("is signed once, and its retry after a change of signature replays the first write, mailing nothing more", async () => {
    const agent = await signedInAgent(desk.app, { name: "Toni Token" });
    const admin = await signedInAgent(desk.app, { role: "admin" });
    const setSignature = (signature: string) =>
      call(desk.app, "PATCH", "/api/me", { as: agent.session, body: { signature } });
    expect((await setSignature("Toni Token\nAcme support")).status).toBe(200);
    const issued = await call(desk.app, "POST", "/api/admin/api-tokens", {
      as: admin.session,
      body: { name: "crm", agentId: agent.agent.agentId, scope: "write" },
    });
    expect(issued.status).toBe(201);
    const headers = { authorization: `Bearer ${issued.json.token}`, "idempotency-key": "crm-reply-0001" };
    const email = "token-signed@example.com";
    const { id } = await submitTicket(desk.app, { email });
    await desk.drain();

    const send = () =>
      call(desk.app, "POST", `/api/tickets/${id}/replies`, {
        headers,
        body: { body: "Refund issued.", status: "solved" },
      });
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.json.entry).toMatchObject({ body: "Refund issued.", signature: "Toni Token\nAcme support" });
    await desk.drain();

    expect((await setSignature("Toni, new signature")).status).toBe(200);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json.entry).toMatchObject({
      id: first.json.entry.id,
      signature: "Toni Token\nAcme support",
    });
    await desk.drain();

    const mails = await repliesTo(email);
    expect(mails.map(textOf)).toEqual(["Refund issued.\n\n-- \nToni Token\nAcme support"]);
    const ticket = await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
    expect(ticket.json.status).toBe("solved");
    expect(ticket.json.timeline.filter((e: { kind: string }) => e.kind === "agent_reply")).toHaveLength(1);

    // "Turn this reply into an article": the agent's words, without the signature.
    const draft = await call(desk.app, "POST", "/api/kb/articles/from-entry", {
      as: agent.session,
      body: { ticketId: id, entryId: first.json.entry.id },
    });
    expect(draft.status).toBe(201);
    const article = await call(desk.app, "GET", `/api/kb/articles/${draft.json.id}`, { as: agent.session });
    expect(article.json.body).toBe("Refund issued.");
  });
});
