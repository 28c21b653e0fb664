import { beforeAll, describe, expect, it } from "vitest";
import { store } from "../../core/store/index.ts";
import { loadTicketItem } from "../../core/ticket/commit.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, mailsTo, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * The web form takes the addresses inbound mail takes: an internationalised domain (TLD included) is filed,
 * keyed and answered in ASCII, the same requester as mail from it. A local part beyond ASCII is refused (SES
 * cannot deliver to it) with its own code, and nothing is filed.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

let ip = 0;
const post = (body: unknown, headers: Record<string, string> = {}) =>
  call(desk.app, "POST", "/api/tickets", { body, headers, ip: `192.0.2.${++ip}` });
const form = { name: "Marie", subject: "Facture", message: "La facture est arrivée deux fois." };
// Each run's own addresses: the mail emulator's store is shared by every test file of a run.
const stamp = Date.now().toString(36);
const ticketCount = async () =>
  (await store().entities.counter.get({ name: "ticket" }).go()).data?.value ?? 0;

describe("the web form and internationalised addresses", () => {
  it("files an IDN address in punycode, acknowledges it there, and keys it with the mail from it", async () => {
    const created = await post({ ...form, email: `Marie.${stamp}@Exemple.РФ` });
    expect(created.status, created.text).toBe(201);
    await desk.drain();
    const ticket = await loadTicketItem(created.json.id);
    expect(ticket.requesterEmail).toBe(`marie.${stamp}@exemple.xn--p1ai`);
    expect(await acksTo(desk, `marie.${stamp}@exemple.xn--p1ai`)).toHaveLength(1);

    const spain = await post({ ...form, email: `jose.${stamp}@correo.españa` });
    expect(spain.status, spain.text).toBe(201);
    expect((await loadTicketItem(spain.json.id)).requesterEmail).toBe(`jose.${stamp}@correo.xn--espaa-rta`);

    // The same person writing by mail (their client sends the domain in punycode) is the same requester.
    await deliver(
      desk,
      await rawMail({ from: `Marie <marie.${stamp}@exemple.xn--p1ai>`, subject: "Autre question" }),
    );
    const theirs = await ticketsOf(desk, agent.session, `marie.${stamp}@exemple.xn--p1ai`);
    expect(theirs.map((t) => t.id)).toContain(created.json.id);
    expect(theirs).toHaveLength(2);
  });

  it("refuses a Unicode local part with 400 unicode_local_part, in any body, and writes nothing", async () => {
    const before = await ticketCount();
    const mailedBefore = (await mailsTo(desk, stamp)).length;
    const json = await post({ ...form, email: `josé.${stamp}@société.fr` });
    expect(json.status).toBe(400);
    expect(json.json.error).toMatchObject({
      code: "unicode_local_part",
      fields: { email: expect.stringContaining("Amazon SES") },
    });
    const encoded = await post(
      `name=Jos%C3%A9&email=${encodeURIComponent(`josé.${stamp}@example.com`)}&subject=S&message=M`,
      { "content-type": "application/x-www-form-urlencoded" },
    );
    expect(encoded.status).toBe(400);
    expect(encoded.json.error.code).toBe("unicode_local_part");
    // Any other wrong address keeps the general code.
    const plain = await post({ ...form, email: "not-an-address" });
    expect(plain.json.error).toMatchObject({
      code: "validation",
      fields: { email: "Enter a valid email address" },
    });
    await desk.drain();
    expect(await ticketCount()).toBe(before);
    expect(await mailsTo(desk, stamp)).toHaveLength(mailedBefore);
  });
});
