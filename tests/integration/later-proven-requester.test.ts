import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueMagicToken } from "../../core/auth/magic-link.ts";
import { issueFormPortalToken, issuePortalToken } from "../../core/auth/portal-token.ts";
import { sendSurvey } from "../../core/csat/csat.ts";
import { remindCustomer } from "../../core/mail/notices.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { deliver, rawMail } from "../support/mail.ts";
import { type RecordedSend, recordSes } from "../support/ses-recorder.ts";

/**
 * A web-form ticket's automatic mail is neutral (anyone can type an address into the form). Once the address's
 * owner proves it — a reply by mail their domain vouched for, a portal message through a link mailed to them —
 * the ticket's later automatic mail repeats its subject and name again. Mail that fails authentication, an
 * out-of-office, the web form's own key, and a sign-in alone (a mail scanner's browser opens links too) prove
 * nothing.
 */

const SUBJECT = "Imprimante du deuxième étage";

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

/** The one mail of the last step to `address`. */
async function mailTo(address: string): Promise<RecordedSend> {
  const sends = (await ses.next()).filter((s) => s.destinations.join() === address);
  expect(sends).toHaveLength(1);
  return sends[0]!;
}

async function webTicket(email: string) {
  const ticket = await submitTicket(desk.app, {
    name: "Jeanne Martin",
    email,
    subject: SUBJECT,
    locale: "en",
  });
  await desk.drain();
  await ses.next(); // the (neutral) acknowledgement
  return ticket;
}

/** The requester's reply by mail, with SES's authentication results; returns how many customer messages it has. */
async function replyByMail(
  email: string,
  number: number,
  auth: string,
  headers: Record<string, string> = {},
) {
  await deliver(
    desk,
    await rawMail({
      from: `Jeanne Martin <${email}>`,
      subject: `Re: [#${number}] We received your request`,
      text: "Yes, it is still broken.",
      headers: { "Authentication-Results": `amazonses.com; ${auth}`, ...headers },
    }),
  );
  await ses.next();
}

async function customerMessages(id: string) {
  const view = await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
  return (view.json.timeline as { kind: string }[]).filter((e) => e.kind === "customer_message").length;
}

async function surveyOf(id: string, email: string) {
  expect((await patchTicket(desk.app, agent.session, id, { status: "solved" })).status).toBe(200);
  await desk.drain();
  await ses.next();
  expect(await sendSurvey(id)).toBe("sent");
  return mailTo(email);
}

async function reminderOf(id: string, email: string, eventId: string) {
  expect((await patchTicket(desk.app, agent.session, id, { status: "pending" })).status).toBe(200);
  await desk.drain();
  await ses.next();
  expect(await remindCustomer({ id: eventId, ticketId: id })).toBe("sent");
  return mailTo(email);
}

const echoes = (mail: RecordedSend) => mail.subject.endsWith(SUBJECT) && mail.text.includes("Jeanne Martin");
const neutral = (mail: RecordedSend) =>
  !mail.subject.includes(SUBJECT) && !mail.text.includes("Jeanne") && mail.toNames.join() === "";

describe("a requester who proves the address after the web form", () => {
  it("gets the subject back after a reply by mail that passes DMARC (reminder, then survey)", async () => {
    const email = "jeanne.pass@exemple.test";
    const { id, number } = await webTicket(email);
    expect(neutral(await reminderOf(id, email, "evt-proven-before"))).toBe(true);

    await replyByMail(email, number, "spf=pass; dkim=pass; dmarc=pass");
    expect(await customerMessages(id)).toBe(2);

    const reminder = await reminderOf(id, email, "evt-proven-after");
    expect(reminder.subject).toBe(`[#${number}] We are waiting for your answer: ${SUBJECT}`);
    expect(reminder.toNames).toEqual(["Jeanne Martin"]);
    expect(echoes(await surveyOf(id, email))).toBe(true);
  });

  it("stays neutral after a reply that fails authentication, or an out-of-office that passes it", async () => {
    const failed = "jeanne.fail@exemple.test";
    const a = await webTicket(failed);
    await replyByMail(failed, a.number, "spf=fail; dkim=fail; dmarc=fail");
    expect(await customerMessages(a.id)).toBe(2); // filed on the ticket: only the proof is refused
    expect(neutral(await surveyOf(a.id, failed))).toBe(true);

    const away = "jeanne.away@exemple.test";
    const b = await webTicket(away);
    await replyByMail(away, b.number, "spf=pass; dkim=pass; dmarc=pass", {
      "Auto-Submitted": "auto-replied",
    });
    expect(await customerMessages(b.id)).toBe(2);
    expect(neutral(await surveyOf(b.id, away))).toBe(true);
  });

  it("stays neutral after a portal sign-in alone, which a link scanner's browser makes too", async () => {
    const email = "jeanne.portal@exemple.test";
    const filed = await webTicket(email);
    const signIn = await desk.app.request("/api/portal/session", {
      method: "POST",
      headers: { "content-type": "application/json", "x-requested-with": "desk" },
      body: JSON.stringify({ token: issueMagicToken(email) }),
    });
    expect(signIn.status).toBe(200);
    expect(neutral(await reminderOf(filed.id, email, "evt-signin-after"))).toBe(true);
    expect(neutral(await surveyOf(filed.id, email))).toBe(true);
  });

  it("gets the subject back after a portal message through the mailed link, not through the form's key", async () => {
    const post = (id: string, token: string) =>
      desk.app.request(`/api/portal/tickets/${id}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ message: "Any news?" }),
      });
    const linked = "jeanne.link@exemple.test";
    const a = await webTicket(linked);
    expect((await post(a.id, issuePortalToken(a.id))).status).toBe(201);
    await desk.drain();
    await ses.next();
    expect(echoes(await surveyOf(a.id, linked))).toBe(true);

    const keyed = "jeanne.key@exemple.test";
    const b = await webTicket(keyed);
    expect((await post(b.id, issueFormPortalToken(b.id))).status).toBe(201);
    await desk.drain();
    await ses.next();
    expect(neutral(await surveyOf(b.id, keyed))).toBe(true);
  });
});
