import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { bodyPartsText, mayHaveHtmlBesideText } from "../../core/mail/body-parts.ts";
import { declareUndeclaredCharsets } from "../../core/mail/charset.ts";
import { withFlowedArmorKept } from "../../core/mail/flowed-armor.ts";
import { MAX_HTML_INPUT_CHARS, textFromHtml } from "../../core/mail/html-text.ts";
import { prepareInlineParts } from "../../core/mail/inline-parts.ts";
import { parseMail } from "../../core/mail/parse.ts";
import { readInlinePgp } from "../../core/mail/pgp-inline.ts";
import { decodeUtf7 } from "../../core/mail/utf7.ts";

/**
 * A message whose HTML part stands beside text parts (a list's footer part, a gateway's notice, an alternative
 * without a text twin next to a text part) is read part by part in MIME order (core/mail/body-parts.ts): text
 * parts as written, HTML by the desk's own reader: no 80-column hard wraps, headings in their case, no image URLs.
 */

const root = join(import.meta.dirname, "../fixtures/email");
const fixture = (name: string) => readFileSync(join(root, "desk", name));
const message = (head: string, body: string) =>
  Buffer.from(
    `From: A <a@client.example>\r\nTo: support@desk.localhost\r\nMessage-ID: <m@client.example>\r\nMIME-Version: 1.0\r\n${head}\r\n\r\n${body}`,
    "utf8",
  );
const part = (head: string, body: string) => `${head}\r\n\r\n${body}\r\n`;
const multipart = (boundary: string, parts: string[]) =>
  `${parts.map((p) => `--${boundary}\r\n${p}`).join("")}--${boundary}--\r\n`;
const HTML = "Content-Type: text/html; charset=utf-8";
const PLAIN = "Content-Type: text/plain; charset=utf-8";
const LONG =
  "The VPN client disconnects every twenty minutes, always while a large file is being copied to the share.";

/** Mailman 2.1's default footer. */
const mailmanFooter = (list: string, name: string) =>
  `_______________________________________________\n${name} mailing list\n${list}@lists.client.example\nhttps://lists.client.example/mailman/listinfo/${list}`;

describe("fixtures with an HTML part beside text parts", () => {
  it("reads an HTML post with a list's footer part: the heading in its case, paragraphs unwrapped, the footer after", async () => {
    const mail = await parseMail(fixture("rw4-html-list-footer.eml"));
    expect(mail.fullText).toBe(
      [
        "Badge access",
        "Since this morning my badge no longer opens the door of building C, although it still works at the main entrance and in the car park; the reader beeps twice and the light stays red.",
        "Badge number: BDG-90417",
        "_______________________________________________\nFacilities mailing list\nfacilities@lists.client.example\nhttps://lists.client.example/mailman/listinfo/facilities",
      ].join("\n\n"),
    );
  });

  it("reads Outlook's windows-1252 HTML in multipart/related with Mailman's footer part beside it", async () => {
    // Outlook desktop (Word HTML, quoted-printable, a signature logo as a related image) posted to a Mailman list.
    const mail = await parseMail(fixture("rw5-mailman-outlook-related-footer.eml"));
    expect(mail.fullText).toBe(
      [
        "Bonjour à tous,",
        "Salle de réunion B204",
        "Depuis la mise à jour de lundi, l’écran de la salle B204 ne détecte plus les portables branchés en HDMI\u00a0; le câble USB-C fonctionne encore, mais seulement en 1024×768 et sans le son. Nous avons une présentation client jeudi à 14\u00a0h, pouvez-vous y jeter un œil avant\u00a0?",
        "Numéro d’inventaire de l’écran\u00a0: AV-B204-0031",
        "Merci d’avance,",
        "Camille Lefèvre\nServices généraux",
        mailmanFooter("it-users", "IT-users"),
      ].join("\n\n"),
    );
    // The logo stays an inline attachment; its alt text is not read as words.
    expect(mail.attachments.map((a) => [a.filename, a.inline])).toEqual([["image001.png", true]]);
    expect(mail.fullText).not.toMatch(/Logo|SALLE/);
  });

  it("reads a web form's HTML-only message with a virus scanner's notice part after it", async () => {
    // PHPMailer's HTML-only UTF-8 base64 body, wrapped by a MailScanner gateway that adds its notice as a part.
    const mail = await parseMail(fixture("rw5-mailscanner-html-form-notice.eml"));
    expect(mail.fullText.startsWith("Neue Kontaktanfrage über www.shop.example\n\nGuten Tag,\n\n")).toBe(
      true,
    );
    expect(mail.fullText).toContain(
      "\nmeine Bestellung Nr. 2026-118342 vom 30. November ist laut Sendungsverfolgung seit fünf Tagen im Paketzentrum München, und der Kundenservice am Telefon konnte mir nicht sagen, ob sie verloren gegangen ist oder nur verspätet ankommt. Können Sie das bitte prüfen und mir Bescheid geben, ob ich mit einer Ersatzlieferung vor Weihnachten rechnen kann?\n",
    );
    expect(mail.fullText).toContain(
      "Sendungsverfolgung: 00340434161094027318 [https://tracking.carrier.example/de/?id=00340434161094027318]",
    );
    // The form's table: a label and its value stay apart, one row a line.
    expect(mail.fullText).toContain(
      "Name: Jürgen Straßer\nBestellnummer: 2026-118342\nTelefon: +49 89 1234 5678",
    );
    expect(mail.fullText).toMatch(
      /Jürgen Straßer\n\n-- \nThis message has been scanned for viruses and\ndangerous content by MailScanner, and is\nbelieved to be clean\.$/,
    );
    // The tracking pixel's address is no text; the notice is a signature (after "-- "), not the request.
    expect(mail.fullText).not.toContain("1x1.gif");
    expect(mail.visibleText).not.toContain("MailScanner");
    expect(mail.visibleText).toMatch(/Mit freundlichen Grüßen\nJürgen Straßer$/);
  });

  it("keeps Apple Mail's text twin when its rich HTML holds a picture, and the list's footer after it", async () => {
    // Apple Mail: alternative [text/plain, mixed [html, image, html]], then Mailman's footer part.
    const mail = await parseMail(fixture("rw5-apple-rich-image-list-footer.eml"));
    expect(mail.fullText).toBe(
      [
        "Hi,",
        "The badge reader at the loading dock (reader LD-2) shows the error in the photo below every time someone from the night shift badges in. Day shift badges work fine.",
        "Photo taken at 22:40 yesterday:\n",
        "It has been like this since Friday.",
        "Thanks,\nPriya",
        mailmanFooter("facilities", "Facilities"),
      ].join("\n\n"),
    );
    expect(mail.attachments.map((a) => [a.filename, a.inline])).toEqual([["IMG_4821.png", true]]);
  });
});

describe("the part-by-part reading", () => {
  it("reads an alternative without a text twin by its HTML, before the text part beside it", async () => {
    // mailparser alone drops such HTML from its text: only the footer would be left.
    const mail = await parseMail(
      message(
        'Subject: a\r\nContent-Type: multipart/mixed; boundary="m"',
        multipart("m", [
          part(
            'Content-Type: multipart/alternative; boundary="a"',
            multipart("a", [part(HTML, `<h2>VPN</h2><p>${LONG}</p>`)]),
          ),
          part(PLAIN, mailmanFooter("it-users", "IT-users")),
        ]),
      ),
    );
    expect(mail.fullText).toBe(`VPN\n\n${LONG}\n\n${mailmanFooter("it-users", "IT-users")}`);
  });

  it("reads an alternative whose text twin is blank by its HTML, the footer part after it", async () => {
    const mail = await parseMail(
      message(
        'Subject: a2\r\nContent-Type: multipart/mixed; boundary="m"',
        multipart("m", [
          part(
            'Content-Type: multipart/alternative; boundary="a"',
            multipart("a", [part(PLAIN, "\r\n"), part(HTML, `<p>${LONG}</p>`)]),
          ),
          part(PLAIN, "footer words"),
        ]),
      ),
    );
    expect(mail.fullText).toBe(`${LONG}\n\nfooter words`);
  });

  it("reads text and HTML parts in MIME order, the text parts as written", async () => {
    const intro = "Forwarded by the front desk:\n  (indented line kept)";
    const mail = await parseMail(
      message(
        'Subject: b\r\nContent-Type: multipart/mixed; boundary="m"',
        multipart("m", [
          part(PLAIN, intro),
          part(HTML, `<p>${LONG}</p><img src="https://cdn.example/logo.png" alt="ACME">`),
          part(PLAIN, "-- \nSent from the kiosk"),
        ]),
      ),
    );
    expect(mail.fullText).toBe(`${intro}\n${LONG}\n\n-- \nSent from the kiosk`);
  });

  it("keeps the charset and format=flowed handling of a text part beside HTML", async () => {
    const mail = await parseMail(
      message(
        'Subject: c\r\nContent-Type: multipart/mixed; boundary="m"',
        multipart("m", [
          part(HTML, "<p>Voir ci-dessous.</p>"),
          part(
            "Content-Type: text/plain; charset=iso-8859-1; format=flowed\r\nContent-Transfer-Encoding: quoted-printable",
            "Le r=E9seau du 2e =E9tage tombe =E0 chaque=20\r\nred=E9marrage du switch.",
          ),
        ]),
      ),
    );
    expect(mail.fullText).toBe(
      "Voir ci-dessous.\n\nLe réseau du 2e étage tombe à chaque redémarrage du switch.",
    );
  });

  it("leaves a text file sent as an attachment out of the text", async () => {
    const mail = await parseMail(
      message(
        'Subject: d\r\nContent-Type: multipart/mixed; boundary="m"',
        multipart("m", [
          part(HTML, `<p>${LONG}</p>`),
          part(PLAIN, "footer words"),
          part(`${PLAIN}\r\nContent-Disposition: attachment; filename="vpn.log"`, "10:02 tunnel down"),
        ]),
      ),
    );
    expect(mail.fullText).toBe(`${LONG}\n\nfooter words`);
    expect(mail.attachments.map((a) => a.filename)).toEqual(["vpn.log"]);
  });

  it("says the text was cut when an HTML part beside text is longer than the HTML reader reads", async () => {
    const raw = (words: number) =>
      message(
        'Subject: e\r\nContent-Type: multipart/mixed; boundary="m"',
        multipart("m", [part(HTML, `<p>${"word ".repeat(words)}</p>`), part(PLAIN, "footer words")]),
      );
    const long = await bodyPartsText(raw(MAX_HTML_INPUT_CHARS / 5 + 1000), 10e6);
    expect(long?.truncated).toBe(true);
    expect(long?.text.startsWith("word word")).toBe(true);
    expect((await bodyPartsText(raw(1000), 10e6))?.truncated).toBe(false);
    expect((await parseMail(raw(MAX_HTML_INPUT_CHARS / 5 + 1000))).truncated).toBe(true);
  });

  it("keeps every word of a message forwarded inline (SpamAssassin's report_safe), read as mailparser joins it", async () => {
    const mail = await parseMail(fixture("rw5-spamassassin-report-safe.eml"));
    expect(mail.fullText).toContain("has identified this incoming email as possible spam");
    expect(mail.fullText).toContain("My order 4471 never arrived, please send a replacement or refund it.");
  });

  it("leaves a plain multipart/alternative to mailparser: its text twin wins", async () => {
    const plain = "Plain version: the VPN drops.";
    const raw = message(
      'Subject: f\r\nContent-Type: multipart/alternative; boundary="a"',
      multipart("a", [part(PLAIN, plain), part(HTML, "<h1>HTML version</h1>")]),
    );
    expect(mayHaveHtmlBesideText(await simpleParser(raw, { skipHtmlToText: true }))).toBe(false);
    expect((await parseMail(raw)).fullText).toBe(plain);
    // Read part by part anyway (a false positive of the check), it reads the same.
    expect((await bodyPartsText(raw, 1e6))?.text).toBe(plain);
  });
});

/** Every fixture that holds both an HTML part and a text part, as mailparser sees them. */
async function fixturesWithHtmlAndText() {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".eml")) files.push(path);
    }
  };
  walk(root);
  const found: { name: string; raw: Buffer; prepared: Buffer; html: string; text: string }[] = [];
  for (const path of files.sort()) {
    const raw = readFileSync(path);
    // Read after the desk's own repairs (named HTML files, flowed armor, UTF-7, undeclared charsets), as parseMail
    // reads it.
    const inline = prepareInlineParts(raw).raw;
    const prepared = await declareUndeclaredCharsets(decodeUtf7(withFlowedArmorKept(inline))).catch(
      () => inline,
    );
    const parsed = await simpleParser(prepared, { skipHtmlToText: true }).catch(() => null);
    if (typeof parsed?.html === "string" && parsed.text?.trim())
      found.push({ name: relative(root, path), raw, prepared, html: parsed.html, text: parsed.text });
  }
  return found;
}

describe("every fixture with both HTML and text parts", async () => {
  const fixtures = await fixturesWithHtmlAndText();

  it("finds them (the plain alternatives and those with HTML beside text)", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        "desk/rw4-html-list-footer.eml",
        "desk/rw5-mailman-outlook-related-footer.eml",
        "desk/rw5-mailscanner-html-form-notice.eml",
        "mailparser/nested.eml",
      ]),
    );
  });

  it.each(fixtures.map((f) => [f.name, f] as const))("%s reads as the sender wrote it", async (_, f) => {
    const mail = await parseMail(f.raw);
    const lines = (text: string) =>
      text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line && !/\[cid:|data:image/.test(line));
    // The text parts' lines, as written and in order (mailparser's text without HTML holds only those), inline PGP
    // armor read (core/mail/pgp-inline.ts: a forwarded clearsigned notice reads as its words).
    const read = lines(mail.fullText);
    let at = 0;
    for (const line of lines(readInlinePgp(f.text).text)) {
      const found = read.indexOf(line, at);
      expect(found, line).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
    // Nothing of mailparser's HTML converter: no line cut at its 80 columns mid-sentence, no heading shouted in
    // capitals, no image address as text (unless the sender's own text part has it).
    const converted = ((await simpleParser(f.prepared, { skipImageLinks: true })).text ?? "").split("\n");
    converted.forEach((line, i) => {
      const wrap = `${line}\n${converted[i + 1]}`;
      if (line.length >= 60 && /\S$/.test(line) && converted[i + 1]?.trim() && !f.text.includes(wrap))
        expect(mail.fullText).not.toContain(wrap);
    });
    for (const [, heading] of f.html.matchAll(/<h[1-6][^>]*>([^<]{3,})</gi)) {
      const shouted = heading!.trim().toUpperCase();
      if (shouted !== heading!.trim() && !f.text.includes(shouted))
        expect(mail.fullText).not.toContain(shouted);
    }
    for (const [, src] of f.html.matchAll(/<img[^>]*\ssrc="(https?:[^"]+)"/gi))
      if (!f.text.includes(src!)) expect(mail.fullText).not.toContain(src);
    // And the HTML beside the text parts is read, not dropped: its longest words are in the text.
    if (mayHaveHtmlBesideText(await simpleParser(f.prepared, { skipHtmlToText: true }))) {
      const words = [...new Set(textFromHtml(f.html).text.match(/\p{L}{6,}/gu) ?? [])];
      const longest = words.sort((a, b) => b.length - a.length).slice(0, 5);
      for (const word of longest) expect(mail.fullText.toLowerCase(), word).toContain(word.toLowerCase());
    }
  });
});
