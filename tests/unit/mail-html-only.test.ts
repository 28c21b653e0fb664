import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { textFromHtml } from "../../core/mail/html-text.ts";
import { parseMail } from "../../core/mail/parse.ts";

/**
 * Mail without a text/plain part is read by the desk's own HTML reader (core/mail/html-text.ts), not by
 * mailparser's converter (lines cut at 80 columns, headings in capitals, image URLs as text).
 */

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));
const message = (head: string, body: string) =>
  Buffer.from(
    `From: A <a@client.example>\r\nTo: support@desk.localhost\r\nMessage-ID: <m@client.example>\r\nMIME-Version: 1.0\r\n${head}\r\n\r\n${body}`,
    "utf8",
  );

describe("HTML-only mail", () => {
  it("reads Outlook's windows-1252 HTML as written: no hard wraps, headings in their case, no image URLs", async () => {
    const mail = await parseMail(fixture("rw4-outlook-html-only-cp1252.eml"));
    expect(mail.visibleText).toBe(
      [
        "Imprimante du 3e étage",
        "Bonjour,",
        "L’imprimante du 3e étage affiche « erreur 49 » après le changement du toner ; nous l’avons déjà éteinte et rallumée deux fois, sans succès. Le devis de réparation reçu est de 180 € (cœur de fusion compris). Pouvez-vous envoyer quelqu’un ?",
        "Modèle\n\nHP M507\n\nNuméro de série\n\nPHBQ4817",
        "Merci d’avance,",
      ].join("\n\n"),
    );
    // Neither the signature's logo nor the tracking pixel reaches the text that triage and search read.
    expect(mail.fullText).not.toMatch(/track\.example|cdn\.example|zq7|Logo/);
    // The HTML itself is still kept for display.
    expect(mail.html).toContain("erreur 49");
  });

  it("reads an HTML part as written when a list's plain-text footer part stands beside it", async () => {
    // Read part by part (core/mail/body-parts.ts): the HTML by the desk's reader, then the footer as written.
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

  it("keeps the text/plain part of a mail that has one, as written", async () => {
    const plain = "Plain version: the VPN drops every 20 minutes.\nIt started on Monday.";
    const mail = await parseMail(
      message(
        'Subject: VPN\r\nContent-Type: multipart/alternative; boundary="b"',
        `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${plain}\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<h1>HTML version</h1><p>The VPN drops.</p>\r\n--b--\r\n`,
      ),
    );
    expect(mail.visibleText).toBe(plain);
  });

  it("reads a root HTML part, an HTML part beside an attachment and one in multipart/related alike", async () => {
    const html = `<h2>Commande urgente</h2><p>${"mot ".repeat(40).trim()}</p><img alt="logo" src="https://track.example/p.gif">`;
    const expected = `Commande urgente\n\n${"mot ".repeat(40).trim()}`;
    const root = await parseMail(message("Subject: a\r\nContent-Type: text/html; charset=utf-8", html));
    const mixed = await parseMail(
      message(
        'Subject: b\r\nContent-Type: multipart/mixed; boundary="m"',
        `--m\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--m\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--m--\r\n`,
      ),
    );
    const related = await parseMail(
      message(
        'Subject: c\r\nContent-Type: multipart/related; boundary="r"',
        `--r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--r\r\nContent-Type: image/png\r\nContent-ID: <i1>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--r--\r\n`,
      ),
    );
    for (const mail of [root, mixed, related]) expect(mail.visibleText).toBe(expected);
  });

  it("keeps a table's cells apart and its rows one a line, nested tables too", () => {
    const html =
      "<p>Order form</p><table><tr><th>Name:</th><td>Zoë</td></tr><tr><td><b>Phone</b></td><td>+33 1 23</td></tr>" +
      "<tr><td><table><tr><td>inner</td><td>cells</td></tr></table></td><td>outer</td></tr></table>";
    expect(textFromHtml(html).text).toBe("Order form\n\nName: Zoë\nPhone +33 1 23\ninner cells\n\nouter");
  });

  it("shows a link whose text is its address once", () => {
    expect(
      textFromHtml(
        '<p>See <a href="https://kb.example/a">https://kb.example/a</a> and <a href="https://kb.example/b">the guide</a></p>',
      ).text,
    ).toBe("See https://kb.example/a and the guide [https://kb.example/b]");
  });
});

describe("HTML read by the desk (review cases)", () => {
  it("keeps the words of a page whose <head> is never closed, and never shows its title", async () => {
    const mail = await parseMail(
      message(
        "Content-Type: text/html; charset=utf-8",
        '<html><head><meta charset="utf-8"><title>Ticket template</title><p>My printer is broken</p></html>',
      ),
    );
    expect(mail.visibleText).toBe("My printer is broken");
    expect(
      textFromHtml("<html><title>Internal template v2</title><body><p>Hello</p></body></html>").text,
    ).toBe("Hello");
    expect(textFromHtml("<xml><o:AllowPNG>true</o:AllowPNG></xml><p>Hi</p>").text).toBe("Hi");
  });

  it("keeps text parts beside an HTML part as written (spaces, signature marks)", async () => {
    const log = "Job output:\n    step   status\n    build  FAILED";
    const mail = await parseMail(
      message(
        'Content-Type: multipart/mixed; boundary="m"',
        [
          "--m",
          "Content-Type: text/html; charset=utf-8",
          "",
          "<p>Nightly report</p>",
          "--m",
          "Content-Type: text/plain; charset=utf-8",
          "",
          ...log.split("\n"),
          "--m--",
          "",
        ].join("\r\n"),
      ),
    );
    expect(mail.visibleText).toContain("Nightly report");
    expect(mail.visibleText).toContain(log);
  });

  it("reads a page of many empty style blocks to its end", async () => {
    const html = `<p>hi</p>${"<style></style>".repeat(20_000)}<p>${"x".repeat(1_100_000)}</p><p>end</p>`;
    const { text } = textFromHtml(html);
    expect(text.startsWith("hi")).toBe(true);
  });
});
