import { describe, expect, it } from "vitest";
import { textToHtml } from "../../core/mail/compose.ts";
import { linkified } from "../../core/mail/linkify.ts";

/** The HTML part of the desk's mail: http(s) URLs become links, nothing else becomes markup. */

const a = (url: string) => `<a href="${url}">${url}</a>`;

describe("links in the desk's HTML mail", () => {
  it("links a URL with a query string, its & escaped in the link and in the text", () => {
    expect(linkified("Follow: https://desk.test/ticket.html?id=T1&lang=fr#token=a.b_c-d")).toBe(
      `Follow: ${a("https://desk.test/ticket.html?id=T1&amp;lang=fr#token=a.b_c-d")}`,
    );
  });

  it("leaves the end of a sentence outside the link", () => {
    expect(linkified("See https://desk.test/a.")).toBe(`See ${a("https://desk.test/a")}.`);
    expect(linkified("https://desk.test/a, then https://desk.test/b; ok?")).toBe(
      `${a("https://desk.test/a")}, then ${a("https://desk.test/b")}; ok?`,
    );
    expect(linkified("Done (https://desk.test/a).")).toBe(`Done (${a("https://desk.test/a")}).`);
    expect(linkified("Really https://desk.test/a!")).toBe(`Really ${a("https://desk.test/a")}!`);
    expect(linkified("« https://desk.test/a »…")).toBe(`« ${a("https://desk.test/a")} »…`);
    expect(linkified("“https://desk.test/a”")).toBe(`“${a("https://desk.test/a")}”`);
  });

  it("keeps parentheses and brackets that belong to the URL", () => {
    expect(linkified("(see https://en.wikipedia.test/wiki/Toner_(printing))")).toBe(
      `(see ${a("https://en.wikipedia.test/wiki/Toner_(printing)")})`,
    );
    expect(linkified("http://[::1]:3000/app, local")).toBe(`${a("http://[::1]:3000/app")}, local`);
  });

  it("links URLs after a French colon with a no-break space, and in any case of scheme", () => {
    expect(linkified("Suivre votre demande\u00a0: https://desk.test/t?x=1")).toBe(
      `Suivre votre demande\u00a0: ${a("https://desk.test/t?x=1")}`,
    );
    expect(linkified("HTTP://DESK.TEST/A")).toBe(a("HTTP://DESK.TEST/A"));
  });

  it("leaves text that only looks like a URL as text", () => {
    for (const text of [
      "www.desk.test and desk.test/path",
      "mail support@desk.test",
      "ftp://files.desk.test/x",
      "https:// and https://. and http:",
      "xhttps://desk.test glued to a word",
    ])
      expect(linkified(text)).toBe(text.replaceAll("&", "&amp;"));
  });

  it("never links javascript:, data: or vbscript:, in any case", () => {
    for (const text of [
      "javascript:alert(1)",
      "JavaScript://comment%0Aalert(1)",
      "data:text/html;base64,PHNjcmlwdD4=",
      "vbscript:msgbox(1)",
    ])
      expect(linkified(text)).not.toContain("<a");
  });

  it("escapes the text around links and cuts a URL at markup, quotes and whitespace", () => {
    expect(linkified('<b>bold</b> https://desk.test/?q=<script>"x"')).toBe(
      `&lt;b&gt;bold&lt;/b&gt; ${a("https://desk.test/?q=")}&lt;script&gt;&quot;x&quot;`,
    );
    expect(linkified('https://desk.test/a"onmouseover="alert(1)')).toBe(
      `${a("https://desk.test/a")}&quot;onmouseover=&quot;alert(1)`,
    );
    expect(linkified("https://desk.test/l'été it's")).toBe(`${a("https://desk.test/l&#39;été")} it&#39;s`);
  });

  it("stays linear on a URL followed by many closing brackets", () => {
    const started = performance.now();
    const html = linkified(`https://desk.test/a${")".repeat(200_000)}`);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(html.startsWith(`${a("https://desk.test/a")})))`)).toBe(true);
  });

  it("puts links in the HTML paragraphs, line breaks kept", () => {
    expect(
      textToHtml("Hello,\n\nGood: https://desk.test/c?rating=good\nNot good: https://desk.test/c?rating=bad"),
    ).toContain(
      `<p>Good: ${a("https://desk.test/c?rating=good")}<br>Not good: ${a("https://desk.test/c?rating=bad")}</p>`,
    );
  });
});
