import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acknowledgement, mayEcho } from "../../core/mail/acknowledge.ts";
import {
  automaticReasons,
  detectLocale,
  isNoReplyAddress,
  receiptVerdicts,
  sendingAddressOnly,
} from "../../core/mail/automatic.ts";
import { parseMail } from "../../core/mail/parse.ts";
import type { TicketItem } from "../../core/store/index.ts";

const fixture = (name: string) =>
  parseMail(readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name)));
const desk = sendingAddressOnly("support@desk.localhost");
const raw = (headers: string, body = "Hello") => parseMail(Buffer.from(`${headers}\r\n\r\n${body}`));

describe("automatic mail detection (loop guard)", () => {
  it("recognises the desk fixtures for what they are", async () => {
    expect(automaticReasons(await fixture("ooo-auto-submitted.eml"), desk)).toEqual(
      expect.arrayContaining([
        "auto-submitted: auto-replied",
        "x-auto-response-suppress",
        "auto-reply subject",
      ]),
    );
    expect(automaticReasons(await fixture("ooo-exchange-no-auto-submitted.eml"), desk)).toEqual(
      expect.arrayContaining(["precedence: auto_reply", "x-auto-response-suppress", "auto-reply subject"]),
    );
    expect(automaticReasons(await fixture("list-bulk.eml"), desk)).toEqual([
      "precedence: bulk",
      "mailing list",
    ]);
    expect(automaticReasons(await fixture("mailer-daemon-bounce.eml"), desk)).toEqual(
      expect.arrayContaining(["bounce", "no-reply sender"]),
    );
    expect(automaticReasons(await fixture("french-latin1-reply.eml"), desk)).toEqual([]);
  });

  it("treats Auto-Submitted: no as a person, and the desk's own address (with a +token) as automatic", async () => {
    expect(automaticReasons(await raw("From: a@example.com\r\nAuto-Submitted: no"), desk)).toEqual([]);
    expect(automaticReasons(await raw("From: support+t123@desk.localhost"), desk)).toContain(
      "the desk's own address",
    );
    expect(automaticReasons(await raw("From: x@example.com\r\nReturn-Path: <>"), desk)).toEqual([
      "null sender",
    ]);
    expect(isNoReplyAddress("no-reply@shop.example", desk)).toBe(true);
    expect(isNoReplyAddress("donotreply@shop.example", desk)).toBe(true);
    expect(isNoReplyAddress("norma@shop.example", desk)).toBe(false);
  });

  it("reads SES verdicts and authentication results from the topmost headers only", async () => {
    const mail = await raw(
      [
        "X-SES-Spam-Verdict: PASS",
        "X-SES-Virus-Verdict: PASS",
        "Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=a.example; dkim=pass header.i=@a.example; dmarc=fail header.from=a.example",
        "From: a@a.example",
        "X-SES-Spam-Verdict: FAIL",
      ].join("\r\n"),
    );
    expect(receiptVerdicts(mail)).toEqual({
      spamVerdict: "PASS",
      virusVerdict: "PASS",
      spf: "pass",
      dkim: "pass",
      dmarc: "fail",
    });
  });
});

describe("language", () => {
  it("tells French from English", () => {
    expect(detectLocale("Bonjour, mon imprimante ne marche pas depuis ce matin. Merci")).toBe("fr");
    expect(detectLocale("Hello, my printer is not working since this morning. Thanks")).toBe("en");
    expect(detectLocale("Accès VPN bloqué")).toBe("fr");
  });

  it("acknowledges in the ticket's language with its number and link", () => {
    const ticket = { number: 42, subject: "VPN", requesterName: "Zoé", locale: "fr" } as TicketItem;
    const fr = acknowledgement(ticket, "https://desk/x", "Desk");
    expect(fr.subject).toBe("[#42] Nous avons bien reçu votre demande : VPN");
    expect(fr.text).toContain("#42");
    expect(fr.text).toContain("https://desk/x");
    const en = acknowledgement({ ...ticket, locale: "en" }, "https://desk/x", "Desk");
    expect(en.subject).toBe("[#42] We received your request: VPN");
  });

  it("repeats what the requester typed only to an address known to be theirs", () => {
    expect(mayEcho({ channel: "web" })).toBe(false);
    expect(mayEcho({ channel: "web", createdBy: "01AGENT" })).toBe(true);
    expect(mayEcho({ channel: "phone", createdBy: "01AGENT" })).toBe(true);
    expect(mayEcho({ channel: "email" }, { mail: {} })).toBe(true);
    expect(mayEcho({ channel: "email" }, { mail: { spf: "pass", dkim: "pass", dmarc: "pass" } })).toBe(true);
    expect(mayEcho({ channel: "email" }, { mail: { spf: "pass", dmarc: "none" } })).toBe(false);
    expect(mayEcho({ channel: "email" }, { mail: { spf: "pass", dkim: "pass" } })).toBe(false);
    // Proven later (a vouched reply, a portal message through a mailed link): the opening no longer decides.
    expect(mayEcho({ channel: "web", requesterProven: true })).toBe(true);
    expect(mayEcho({ channel: "email", requesterProven: true }, { mail: { dmarc: "fail" } })).toBe(true);
    const ticket = {
      number: 7,
      subject: "Call +1 555",
      requesterName: "Mallory",
      locale: "fr",
    } as TicketItem;
    for (const locale of ["fr", "en"] as const) {
      const neutral = acknowledgement({ ...ticket, locale }, "https://desk/x", "Desk", [], false);
      expect(neutral.subject).toBe(
        locale === "fr" ? "[#7] Nous avons bien reçu votre demande" : "[#7] We received your request",
      );
      expect(neutral.text).toContain("#7");
      expect(neutral.text).toContain("https://desk/x");
      expect(`${neutral.subject}${neutral.text}`).not.toMatch(/Mallory|555/);
    }
  });
});

describe("auto-reply subjects", () => {
  const subject = (text: string, head = "") => raw(`From: a@client.example\r\n${head}Subject: ${text}`);
  const answering = "In-Reply-To: <ack.1@desk.localhost>\r\nReferences: <ack.1@desk.localhost>\r\n";

  it.each([
    "Absence du bureau : [#1] We received your request: Printer broken",
    "Absence du bureau\u00a0: [#1] Imprimante",
    "Absence du bureau\u202f: [#1] Imprimante",
    "ABSENCE DU BUREAU: [#1] Imprimante",
    "Réponse automatique : [#1] Imprimante",
    "Reponse automatique: [#1] Imprimante",
    "Automatic reply: [#1] Printer",
    "Out of Office: [#1] Printer",
    "Out of office reply: [#1] Printer",
    "Out of office reply",
    "Abwesenheitsnotiz: [#1] Drucker",
    "Automatische Antwort: [#1] Drucker",
    "Respuesta automática: [#1] Impresora",
    "RE: Automatic reply: [#1] Printer",
    "Re : Absence du bureau : [#1] Imprimante",
  ])("%s is an auto-reply", async (text) => {
    expect(automaticReasons(await subject(text), desk)).toEqual(["auto-reply subject"]);
  });

  it.each([
    "Auto: [#1] Printer",
    "Répondeur : [#1] Imprimante",
    "Fuera de la oficina: [#1] Impresora",
    "Absence : [#1] Imprimante",
  ])("%s is an auto-reply when it answers the desk's mail", async (text) => {
    expect(automaticReasons(await subject(text, answering), desk)).toEqual(["auto-reply subject"]);
    expect(automaticReasons(await subject(text), desk)).toEqual([]);
  });

  it.each([
    "Absence de connexion VPN",
    "Absence : arrêt maladie à déclarer",
    "Auto: Reifenwechsel",
    "Répondeur : plus de messages",
    "Automatic reply not working in Outlook",
    "Question about Absence du bureau : how to set it",
    "Fwd: Out of Office: [#1] Printer",
    "TR: Absence du bureau : [#1] Imprimante",
  ])("%s is a person's mail", async (text) => {
    expect(automaticReasons(await subject(text), desk)).toEqual([]);
  });

  it.each([
    "RE: Re: Absence : arrêt maladie à déclarer [#12]",
    "AW: Re: Auto: Reifenwechsel [#12]",
    "Re: Répondeur : plus de messages [#12]",
    "RE: Fuera de la oficina: no tengo VPN [#12]",
  ])("%s, a customer answering an agent on their own ticket, is a person's", async (text) => {
    // The agent's reply was "Re: <the ticket's subject> [#12]": the customer's own words after a reply prefix.
    expect(automaticReasons(await subject(text, answering), desk)).toEqual([]);
  });

  it.each([
    "Out of office: how do I set it?",
    "Out of Office: How to set up an auto-reply in Outlook",
    "Automatic reply: not working since the update",
    "Réponse automatique : comment l'activer dans Outlook ?",
    "Absence du bureau : paramétrer le message",
    "Réponse automatique : désactivée toute seule",
    "Automatische Antwort: wie einrichten?",
  ])("%s, a new mail asking about the feature, is a person's", async (text) => {
    expect(automaticReasons(await subject(text), desk)).toEqual([]);
  });

  it.each(["Out of office: how do I set it?", "Réponse automatique : comment l'activer dans Outlook ?"])(
    "%s answering a mail stays an auto-reply",
    async (text) => {
      expect(automaticReasons(await subject(text, answering), desk)).toEqual(["auto-reply subject"]);
    },
  );

  it.each([
    "Out of Office: Re: Where is my laptop?",
    "Automatic reply: [#1] Printer not working?",
    "Réponse automatique : RE: [#1] Comment faire ?",
    "Absent du bureau : retour le 7 décembre",
    "Out of Office: back on Monday",
    "【自動返信】Re: 質問があります？",
    // A question mark inside an out-of-office's own words, "help" first, a ticket's tag at the end.
    "Out of Office: back Monday — urgent? call 555",
    "Automatic reply: Help Desk: weekly summary",
    "Automatic reply: How do I reset my password? [#12]",
  ])("%s, shaped as an auto-reply, is one without answering a mail", async (text) => {
    expect(automaticReasons(await subject(text), desk)).toEqual(["auto-reply subject"]);
  });

  it("files the customers' own out-of-office questions as theirs (fixtures)", async () => {
    expect(automaticReasons(await fixture("customer-ooo-question-en.eml"), desk)).toEqual([]);
    const fr = await fixture("customer-ooo-question-fr.eml");
    expect(fr.subject).toMatch(/^Réponse automatique\s: comment l'activer dans Outlook\s\?$/);
    expect(automaticReasons(fr, desk)).toEqual([]);
  });

  it("a person's subject holding 'absence' stays a person's, even answering the desk", async () => {
    expect(automaticReasons(await subject("Re: [#1] Absence de connexion VPN", answering), desk)).toEqual([]);
  });
});
