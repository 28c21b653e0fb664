import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { deliver, ticketsOf } from "../support/mail.ts";
import { type RecordedSend, recordSes } from "../support/ses-recorder.ts";

/**
 * The survey, the pending reminder and the merge notice follow the acknowledgement's rule: to an address nobody
 * confirmed (a web-form ticket, mail whose sender's domain did not vouch for it) they carry neither the name,
 * not even in To, nor the subject a stranger typed — else closing a junk ticket would mail the stranger's words
 * to whomever they named. A confirmed requester still gets both.
 */

const NAME = "Gagnez 5000 € sur http://evil.test/claim";
const SUBJECT = "Votre colis est bloqué : payez 2 € sur http://evil.test/pay";
const ECHOED = ["Gagnez", "5000", "evil.test", "colis", "payez"];

let desk: TestDesk;
let ses: Awaited<ReturnType<typeof recordSes>>;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  // Every SendRawEmail of this file goes through the recorder (set before the first send creates the client).
  ses = await recordSes(desk.endpoints.mail);
  process.env.AWS_ENDPOINT_URL_SES = ses.url;
  agent = await signedInAgent(desk.app);
});
afterAll(() => ses?.stop());

/** The one mail of the last step to `address`, and everything it says once decoded (headers, text, HTML). */
async function mailTo(address: string) {
  const sends = (await ses.next()).filter((s) => s.destinations.join() === address);
  expect(sends).toHaveLength(1);
  const send = sends[0] as RecordedSend;
  const parsed = await simpleParser(send.raw);
  const decoded = [
    ...[...parsed.headers.values()].map((v) => JSON.stringify(v)),
    parsed.text ?? "",
    typeof parsed.html === "string" ? parsed.html : "",
  ].join("\n");
  return { ...send, decoded };
}

const expectNeutral = (mail: { decoded: string; toNames: string[] }) => {
  expect(mail.toNames).toEqual([""]);
  for (const word of ECHOED) expect(mail.decoded).not.toContain(word);
};

describe("automatic mail to an unconfirmed address repeats nothing a stranger typed", () => {
  for (const locale of ["fr", "en"] as const) {
    it(`sends the pending reminder and the survey of a web-form ticket in neutral words (${locale})`, async () => {
      const email = `victime-${locale}@exemple.test`;
      const { id, number } = await submitTicket(desk.app, { name: NAME, email, subject: SUBJECT, locale });
      await desk.drain();
      await ses.next(); // the (neutral) acknowledgement

      expect((await patchTicket(desk.app, agent.session, id, { status: "pending" })).status).toBe(200);
      expect(await remindCustomer({ id: `evt-relay-remind-${locale}`, ticketId: id })).toBe("sent");
      const reminder = await mailTo(email);
      expectNeutral(reminder);
      expect(reminder.subject).toBe(
        locale === "fr"
          ? `[#${number}] Nous attendons votre réponse`
          : `[#${number}] We are waiting for your answer`,
      );
      expect(reminder.text).toMatch(locale === "fr" ? /^Bonjour,\n/ : /^Hello,\n/);
      expect(reminder.text).toContain(`/ticket.html?id=${id}#token=`);
      expect(reminder.text).toContain(
        locale === "fr" ? "Si vous n'êtes pas à l'origine" : "If you did not send",
      );

      expect((await patchTicket(desk.app, agent.session, id, { status: "solved" })).status).toBe(200);
      await desk.drain();
      await ses.next();
      expect(await sendSurvey(id)).toBe("sent");
      const survey = await mailTo(email);
      expectNeutral(survey);
      expect(survey.subject).toBe(
        locale === "fr" ? `[#${number}] Comment s'est passée votre demande ?` : `[#${number}] How did we do?`,
      );
      expect(survey.text).toMatch(locale === "fr" ? /^Bonjour,\n/ : /^Hello,\n/);
      expect(survey.text).toMatch(locale === "fr" ? /Bien : http\S+rating=good/ : /Good: http\S+rating=good/);
      // The one-click links are links in the HTML part too.
      expect(survey.decoded).toMatch(/<a href="http[^"]+rating=good">/);
    });
  }

  it("sends the merge notice of a web-form ticket without its subject or name", async () => {
    const target = await submitTicket(desk.app, { email: "kept@exemple.test", subject: "Imprimante" });
    const source = await submitTicket(desk.app, {
      name: NAME,
      email: "victime-merge@exemple.test",
      subject: SUBJECT,
    });
    await desk.drain();
    await ses.next();
    const merged = await call(desk.app, "POST", `/api/tickets/${source.id}/merge`, {
      as: agent.session,
      body: { into: target.id },
    });
    expect(merged.status).toBe(200);
    await desk.drain();
    const notice = await mailTo("victime-merge@exemple.test");
    expectNeutral(notice);
    expect(notice.subject).toBe(
      `[#${target.number}] Your request #${source.number} continues as #${target.number}`,
    );
    expect(notice.text).toMatch(/^Hello,\n/);
  });

  it("keeps the name and subject for mail the sender's domain vouched for, not for mail it did not (French mail)", async () => {
    const mailFrom = async (address: string, auth: string) => {
      await deliver(
        desk,
        [
          `From: Claire Martin <${address}>`,
          "To: support@desk.localhost",
          "Subject: Scanner en panne",
          `Message-ID: <relay-${address}@client.example>`,
          `Authentication-Results: amazonses.com; ${auth}`,
          "",
          "Le scanner ne démarre plus.",
          "",
        ].join("\r\n"),
      );
      await ses.next();
      const [ticket] = await ticketsOf(desk, agent.session, address);
      expect((await patchTicket(desk.app, agent.session, ticket!.id, { status: "solved" })).status).toBe(200);
      await desk.drain();
      await ses.next();
      expect(await sendSurvey(ticket!.id)).toBe("sent");
      return { number: ticket!.number, survey: await mailTo(address) };
    };

    const vouched = await mailFrom("claire.pass@exemple.test", "spf=pass; dkim=pass; dmarc=pass");
    expect(vouched.survey.subject).toBe(
      `[#${vouched.number}] Comment s'est passée votre demande ? Scanner en panne`,
    );
    expect(vouched.survey.toNames).toEqual(["Claire Martin"]);
    expect(vouched.survey.text).toMatch(/^Bonjour Claire Martin,\n/);

    const forged = await mailFrom("claire.fail@exemple.test", "spf=fail; dkim=none; dmarc=fail");
    expect(forged.survey.subject).toBe(`[#${forged.number}] Comment s'est passée votre demande ?`);
    expect(forged.survey.toNames).toEqual([""]);
    expect(forged.survey.decoded).not.toContain("Claire");
    expect(forged.survey.decoded).not.toContain("Scanner");
  });
});
