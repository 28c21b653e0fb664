import { describe, expect, it } from "vitest";
import { escapeHtml, linkified } from "../../core/mail/linkify.ts";
import { type MessagePart, messageParts, shownLink } from "../../web/app/src/message-links.ts";
// @ts-expect-error: the web form's plain module has no types
import { linkedText } from "../../web/form/links.js";

/**
 * URLs in a customer's plain-text message, a reply or a note are links in the agent app's timeline, by the rule
 * of the desk's mail (core/mail/linkify.ts) plus `mailto:`; a link shows its own target, never a disguise.
 */
const links = (text: string) =>
  messageParts(text).filter((p): p is Extract<MessagePart, { href: string }> => "href" in p);
const hrefs = (text: string) => links(text).map((l) => l.href);

describe("agent app: links in a message's text", () => {
  it("links http(s) and mailto addresses written out, showing each exactly as written", () => {
    const text =
      "Bonjour, voir https://shop.example/orders/42?x=1#y et écrivez à mailto:sav@shop.example merci";
    expect(messageParts(text)).toEqual([
      { text: "Bonjour, voir " },
      { href: "https://shop.example/orders/42?x=1#y", shown: "https://shop.example/orders/42?x=1#y" },
      { text: " et écrivez à " },
      { href: "mailto:sav@shop.example", shown: "mailto:sav@shop.example" },
      { text: " merci" },
    ]);
    expect(hrefs("HTTP://Shop.Example/A and http://b.example")).toEqual([
      "HTTP://Shop.Example/A",
      "http://b.example",
    ]);
    // Every character of the text is kept, in order: only the cut changes.
    const said = messageParts(text)
      .map((p) => ("href" in p ? p.href : p.text))
      .join("");
    expect(said).toBe(text);
  });

  it("never links another scheme: javascript:, data:, vbscript:, file:, a bare www.", () => {
    for (const text of [
      "javascript:alert(1)",
      "JavaScript:alert(document.cookie)//https",
      "data:text/html,<script>alert(1)</script>",
      "data:text/html;base64,PHNjcmlwdD4=",
      "vbscript:msgbox",
      "file:///etc/passwd",
      "www.example.com",
      "xhttps://glued.example",
      "mailto:javascript:alert(1)",
      "mailto:nobody",
      "mailto:a@b.example,c@d.example",
      "see https://. or mailto:. or https:// alone",
    ])
      expect(links(text), text).toEqual([]);
    // A scheme hidden before a real URL stays text; only the http(s) part is a link.
    expect(hrefs("javascript:alert(1)//https://evil.example/x")).toEqual(["https://evil.example/x"]);
    for (const href of hrefs("javascript:https://a.example data:https://b.example"))
      expect(href).toMatch(/^https:\/\//);
  });

  it("keeps direction and zero-width characters out of every href and every shown link", () => {
    const invisible = [
      "\u202e",
      "\u202d",
      "\u2066",
      "\u2067",
      "\u2069",
      "\u200b",
      "\u200c",
      "\u200d",
      "\u200e",
      "\u200f",
      "\ufeff",
      "\u2060",
      "\u061c",
    ];
    for (const ch of invisible) {
      const text = `${ch}https://bank.example${ch}gpj.exe https://a.example/p${ch}ath mailto:x@y.example${ch}z`;
      for (const link of links(text)) {
        expect(link.href).not.toMatch(/[\p{Cf}\p{Cc}]/u);
        expect(link.shown).not.toMatch(/[\p{Cf}\p{Cc}]/u);
      }
      expect(hrefs(text)).toEqual(["https://bank.example", "https://a.example/p", "mailto:x@y.example"]);
    }
  });

  it("leaves a sentence's punctuation and an unpaired closing bracket out of the URL", () => {
    expect(hrefs("See https://a.example/guide.")).toEqual(["https://a.example/guide"]);
    expect(hrefs("See https://a.example/guide...")).toEqual(["https://a.example/guide"]);
    expect(hrefs("Is it https://a.example/x?!")).toEqual(["https://a.example/x"]);
    expect(hrefs("(see https://a.example/x)")).toEqual(["https://a.example/x"]);
    expect(hrefs("(see https://en.wikipedia.example/wiki/Tea_(drink)).")).toEqual([
      "https://en.wikipedia.example/wiki/Tea_(drink)",
    ]);
    expect(hrefs("« https://a.example/fr » ; mailto:b@c.example.")).toEqual([
      "https://a.example/fr",
      "mailto:b@c.example",
    ]);
    expect(hrefs('"https://a.example/q" <https://b.example/>')).toEqual([
      "https://a.example/q",
      "https://b.example/",
    ]);
  });

  it("shows an internationalised host as the desk shows domains: Latin in Unicode, other scripts in punycode", () => {
    expect(shownLink("https://xn--socit-esab.fr/factures")).toBe("https://société.fr/factures");
    expect(shownLink("https://société.fr/factures")).toBe("https://société.fr/factures");
    expect(shownLink("https://jo@xn--socit-esab.fr:8443/a")).toBe("https://jo@société.fr:8443/a");
    // Cyrillic "а" in a Latin-looking name: the punycode shows it is not apple.example.
    expect(shownLink("https://\u0430pple.example/login")).toBe("https://xn--pple-43d.example/login");
    expect(shownLink("mailto:jo@\u0430pple.example?subject=x")).toBe(
      "mailto:jo@xn--pple-43d.example?subject=x",
    );
    expect(shownLink("mailto:jo@xn--socit-esab.fr")).toBe("mailto:jo@société.fr");
    // The href stays as written (the browser resolves it to the same host).
    expect(hrefs("https://\u0430pple.example/login")).toEqual(["https://\u0430pple.example/login"]);
    // What no browser can parse stays text.
    expect(links("https://[bad/ok")).toEqual([]);
  });
});

describe("agent app: the same rule as the desk's mail and the customer's page", () => {
  // The app's parts as the mail's HTML writes them (mailto aside: the mail does not link it).
  const asMailHtml = (text: string) =>
    messageParts(text)
      .map((p) =>
        "href" in p ? `<a href="${escapeHtml(p.href)}">${escapeHtml(p.href)}</a>` : escapeHtml(p.text),
      )
      .join("");
  const corpus = [
    "Plain text, no link at all.",
    "See https://a.example/guide. Then http://b.example/x?y=1&z=2, done!",
    "(https://en.wikipedia.example/wiki/Tea_(drink)) and [https://c.example/d]",
    "\u202ehttps://evil.example\u202egpj.exe and https://x.example/\u200bhidden",
    "javascript:alert(1) data:text/html,<b>x</b> https://ok.example/«quoted»",
    "Trailing… https://t.example/a… and https://t.example/b’s and https://t.example/c*",
    "https://. https:// and xhttps://glued.example",
    "<https://angle.example/path> 'https://single.example/' \"https://double.example\"",
    "https://xn--socit-esab.fr/x and https://société.fr/y",
  ];
  it("links exactly the http(s) URLs the desk's mail links (core/mail/linkify.ts)", () => {
    for (const text of corpus) expect(asMailHtml(text), text).toBe(linkified(text));
  });
  it("links exactly the http(s) URLs the customer's ticket page links (web/form/links.js)", () => {
    const doc = {
      createTextNode: (text: string) => ({ text }),
      createElement: () => ({}) as { href?: string },
    };
    for (const text of corpus) {
      const form = (linkedText(text, doc) as { href?: string }[]).flatMap((n) => (n.href ? [n.href] : []));
      expect(hrefs(text), text).toEqual(form);
    }
  });
});

describe("agent app: a link never shows one host and opens another", () => {
  it("shows the host the browser resolves when the written one is percent-encoded or otherwise rewritten", () => {
    // The browser decodes %2E and the ideographic full stop %E3%80%82 into dots: evil.example's subdomain.
    expect(shownLink("https://apple.example%2Eevil.example/login")).toBe(
      "https://apple.example.evil.example/login",
    );
    expect(shownLink("https://apple.example%E3%80%82evil.example/x")).toBe(
      "https://apple.example.evil.example/x",
    );
    expect(shownLink("https://%61pple.example/")).toBe("https://apple.example/");
    expect(shownLink("mailto:ceo@apple.example%2Eevil.example")).toBe(
      "mailto:ceo@apple.example.evil.example",
    );
    // Written as the browser reads it (any case, a trailing dot): shown exactly as written.
    expect(shownLink("HTTPS://Apple.Example./A%2Eb")).toBe("HTTPS://Apple.Example./A%2Eb");
    expect(shownLink("mailto:Jo@Apple.Example")).toBe("mailto:Jo@Apple.Example");
  });

  it("never shows an international mailto domain without what follows it in the href", () => {
    // The domain part is cut at "?": a path or fragment after it must not vanish from the shown link.
    for (const [url, tail] of [
      ["mailto:jo@société.fr/evil", "/evil"],
      ["mailto:jo@société.fr#x", "#x"],
      ["mailto:jo@\u0430pple.example/x", "/x"],
    ] as const) {
      const shown = shownLink(url);
      if (shown !== null) expect(shown, url).toMatch(new RegExp(`${tail}$`));
    }
  });

  it("links a mailto: only to its one address, with at most a subject and a body (no cc, bcc, to or other header)", () => {
    expect(hrefs("mailto:sav@shop.example?subject=Commande%2042&body=Bonjour")).toEqual([
      "mailto:sav@shop.example?subject=Commande%2042&body=Bonjour",
    ]);
    expect(hrefs("mailto:sav@shop.example?Subject=x")).toEqual(["mailto:sav@shop.example?Subject=x"]);
    for (const text of [
      "mailto:sav@shop.example?bcc=thief@evil.example",
      "mailto:sav@shop.example?subject=x&cc=thief@evil.example",
      "mailto:sav@shop.example?to=thief@evil.example",
      "mailto:sav@shop.example?%62cc=thief@evil.example",
      "mailto:sav@shop.example?body=x&Reply-To=thief@evil.example",
      "mailto:sav@shop.example?In-Reply-To=%3Cx@y%3E",
    ])
      expect(links(text), text).toEqual([]);
  });
});
