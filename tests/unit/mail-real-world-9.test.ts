import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMail } from "../../core/mail/parse.ts";
import { replyText } from "../../core/mail/reply-text.ts";

/**
 * Ninth round of mail as other software writes it (tests/fixtures/email/desk/rw9-*.eml), read as agents should
 * see it: nothing the writer typed lost, nothing of the quoted history or a mail app's tagline kept.
 */

const desk = "support@desk.localhost";
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name))
    .toString("latin1")
    .replaceAll("{{N}}", "7")
    .replaceAll("{{REPLY_ID}}", "<r.7@desk.localhost>")
    .replaceAll("{{ADDRESS}}", "dana@client.example");
const parse = (name: string) => parseMail(Buffer.from(fixture(name), "latin1"));
const message = (head: string, body: string) =>
  Buffer.from(
    `From: A <a@client.example>\r\nTo: ${desk}\r\nMessage-ID: <m@client.example>\r\nMIME-Version: 1.0\r\n${head}\r\n\r\n${body}`,
    "latin1",
  );

describe("format=flowed lines the writer began with '>'", () => {
  it("keeps Thunderbird's space-stuffed '>' lines, which are no quotes (RFC 3676 §4.4)", async () => {
    const mail = await parse("rw9-thunderbird-flowed-stuffed-gt.eml");
    expect(mail.visibleText).toBe(
      "Bonjour,\n\nLe serveur de fichiers est très lent depuis 9h. Impact :\n>50 utilisateurs bloqués au service commercial\n>3 heures de retard sur la paie\n\nMerci,\nOlivier",
    );
    expect(mail.fullText).toContain("\n>50 utilisateurs");
    const signed = await parse("rw9-thunderbird-flowed-stuffed-line.eml");
    expect(signed.visibleText).toContain(
      "\n\n>Ceci n'est pas une citation (space-stuffed).\n\nMerci d'avance,",
    );
  });

  it("still drops the quoted lines of a flowed reply, and keeps stuffed lines in any encoding and charset", async () => {
    const flowed = (encoding: string, body: string, charset = "utf-8") =>
      parseMail(
        message(
          `Subject: Re: Slow server\r\nContent-Type: text/plain; charset=${charset}; format=flowed\r\nContent-Transfer-Encoding: ${encoding}`,
          body,
        ),
      );
    const reply = await flowed(
      "7bit",
      "Still slow.\r\n >2 s per page \r\nsince noon.\r\n\r\nOn Mon, 7 Dec 2026 at 10:00, Help desk <support@desk.localhost> wrote:\r\n> Is it still slow?\r\n",
    );
    expect(reply.visibleText).toBe("Still slow.\n>2 s per page since noon.");
    const qp = await flowed("quoted-printable", "Co=FBt :\r\n >1 200 =80\r\n", "windows-1252");
    expect(qp.visibleText).toBe("Coût :\n>1 200 €");
    const base64 = await flowed("base64", Buffer.from("Délai :\r\n >3 jours\r\n").toString("base64"));
    expect(base64.visibleText).toBe("Délai :\n>3 jours");
  });

  it("leaves no mark in the HTML mailparser makes of a flowed part beside a file, nor in the file", async () => {
    const boundary = "b1";
    const file = "Line\r\n >kept as sent\r\n";
    const mail = await parseMail(
      message(
        `Subject: Logs\r\nContent-Type: multipart/mixed; boundary=${boundary}`,
        `--${boundary}\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\r\nSee:\r\n >10 errors\r\n--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Footer</p>\r\n--${boundary}\r\nContent-Type: text/plain; format=flowed; name=notes.txt\r\n\r\n${file}--${boundary}--\r\n`,
      ),
    );
    expect(mail.visibleText).toContain("See:\n>10 errors");
    expect(mail.html ?? "").not.toMatch(/Zq[0-9a-f]{16}qZ|\uFDD0/);
    expect(mail.fullText).not.toMatch(/Zq[0-9a-f]{16}qZ|\uFDD0/);
  });
});

describe("Yahoo Mail's attribution above a quoted mail without '>'", () => {
  it.each(["rw9-yahoo-reply-unquoted.eml", "rw9-yahoo-reply-unquoted-noindent.eml"])(
    "%s shows only the new text",
    async (name) => {
      expect((await parse(name)).visibleText).toBe(
        "Restarting does not help, the screen is physically cracked. Model is Dell Latitude 5440, asset TAG-0093.",
      );
    },
  );

  it("cuts the French attribution too, and keeps a writer's own 'wrote:' and answers between quoted lines", () => {
    expect(
      replyText(
        "Toujours en panne.\n  Le lundi 7 décembre 2026 à 19:45:00 UTC+1, Support <support@desk.localhost> a écrit :\n\nBonjour,\nRedémarrez le poste.",
      ),
    ).toBe("Toujours en panne.");
    // No date or no bracketed address: a person's own words.
    const own = "Done.\nOn Monday Bob wrote:\nthe config is fine\nBut it is not.";
    expect(replyText(own)).toBe(own);
    const named = "Done.\nOn Monday, Bob <bob@client.example> wrote:\nthe config is fine";
    expect(replyText(named)).toBe(named);
    // Quoted lines below: the reply parser keeps the writer's answers between them.
    expect(
      replyText(
        "Hello\nOn Mon, 7 Dec 2026 at 10:00, Bob <bob@client.example> wrote:\n> Which model?\nA T14.\n> Since when?\nMonday.",
      ),
    ).toBe("Hello\nA T14.\nMonday.");
  });
});

describe("HTML whose charset only its <meta> says", () => {
  it("reads an ERP's base64 HTML by its http-equiv Content-Type meta (never U+FFFD)", async () => {
    expect((await parse("rw9-html-meta-charset-only.eml")).visibleText).toBe(
      "Bonjour,\n\nLe logiciel de paie affiche « erreur de licence » depuis la mise à jour. Coût : 1 200 € si retard.",
    );
  });

  it("reads <meta charset> as a browser does (ISO-8859-1 as windows-1252), in any transfer encoding", async () => {
    const html = (encoding: string, body: string) =>
      parseMail(
        message(
          `Subject: Facture\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: ${encoding}`,
          body,
        ),
      );
    const qp = await html(
      "quoted-printable",
      '<meta charset=3D"iso-8859-1"><p>Total : 12 =80, d=E9j=E0 pay=E9</p>',
    );
    expect(qp.visibleText).toBe("Total : 12 €, déjà payé");
    const koi8 = Buffer.concat([
      Buffer.from(
        '<html><head><meta http-equiv="content-type" content="text/html; charset=koi8-r"></head><p>',
      ),
      Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]),
      Buffer.from("</p>"),
    ]);
    expect((await html("base64", koi8.toString("base64"))).visibleText).toBe("Привет");
  });
});

describe("encoded words whose charset label no decoder knows", () => {
  it("reads Postfix's =?unknown-8bit?Q?…?= subject as the body labelled unknown-8bit is read", async () => {
    const mail = await parse("rw9-unknown-8bit-subject.eml");
    expect(mail.subject).toBe("Problème écran");
    expect(mail.visibleText).toBe(
      "L'écran reste noir après la mise en veille, même en rebranchant le câble.",
    );
  });

  it("guesses such a word's charset in an ASCII message too, and reads UTF-8 bytes as UTF-8", async () => {
    const latin = await parseMail(
      message(
        `Subject: =?unknown-8bit?B?${Buffer.from("Réunion annulée", "latin1").toString("base64")}?=`,
        "Hi",
      ),
    );
    expect(latin.subject).toBe("Réunion annulée");
    const utf8 = await parseMail(
      message(`Subject: =?x-unknown?Q?Caf=C3=A9_ferm=C3=A9?= (=?iso-8859-1?Q?d=E9j=E0?=)`, "Hi"),
    );
    expect(utf8.subject).toBe("Café fermé (déjà)");
  });
});

describe("a mail app's tagline as the last line", () => {
  it.each([
    [
      "rw9-protonmail-html-reply.eml",
      'Restarted twice, still dropping. It happens only on Wi-Fi "ACME-Guest", not on cable.',
    ],
    ["rw9-outlook-android-fr-reply.eml", "Julien a réinstallé Outlook, tout remarche. Vous pouvez clôturer."],
  ])("%s shows the writer's text without it", async (name, text) => {
    expect((await parse(name)).visibleText).toBe(text);
  });

  it.each([
    "Sent with Proton Mail secure email.",
    "Sent with Proton Mail [https://proton.me/] secure email.",
    "Envoyé avec la messagerie sécurisée Proton Mail.",
    "Gesendet mit der sicheren E-Mail von Proton Mail.",
    "Enviado con el correo electrónico seguro de Proton Mail.",
    "Get Outlook for iOS<https://aka.ms/o0ukef>",
    "Obtenir Outlook pour Android",
    "Obtener Outlook para Android",
    "Outlook für Android herunterladen",
  ])("leaves out %s under the writer's text, in their languages", (tagline) => {
    expect(replyText(`Still broken.\n\n${tagline}`)).toBe("Still broken.");
  });

  it("keeps such words when they are the writer's: a question, text below, or nothing else", () => {
    for (const text of [
      "Where do I click?\nGet Outlook for iOS from where? The App Store won't open.",
      "Obtenir Outlook pour Android\nC'est fait, mais rien ne change.",
      "Get Outlook for Android",
    ])
      expect(replyText(text)).toBe(text);
  });
});
