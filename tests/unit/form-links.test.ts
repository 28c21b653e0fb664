import { describe, expect, it } from "vitest";
// @ts-expect-error: the web form's plain module has no types
import { linkedText } from "../../web/form/links.js";

/**
 * The customer's ticket page showed an agent's link to a help article as plain text: on a phone, a dead end.
 * The nodes are built by a minimal document (text nodes and anchors), as the page builds them.
 */
type Node = { text?: string; href?: string; textContent?: string; rel?: string };
const doc = {
  createTextNode: (text: string): Node => ({ text }),
  createElement: (): Node => ({}),
};
const nodes = (text: string) => (linkedText as (t: string, d: unknown) => Node[])(text, doc);

describe("links in a message on the customer's page", () => {
  it("makes each http(s) URL a link, leaving the sentence's punctuation and the rest as text", () => {
    const url = "https://desk.test/fr/help/articles/outlook-mot-de-passe";
    expect(nodes(`Voici la marche à suivre : ${url}.\nLéa`)).toEqual([
      { text: "Voici la marche à suivre : " },
      { href: url, textContent: url, rel: "noopener noreferrer" },
      { text: ".\nLéa" },
    ]);
    expect(nodes("(voir http://a.test/x_(1)) merci")[1]).toMatchObject({ href: "http://a.test/x_(1)" });
  });

  it("links nothing but written-out http and https addresses", () => {
    for (const text of [
      "javascript:alert(1)",
      "data:text/html,<b>",
      "www.exemple.fr",
      "voir https://.",
      "<a href=x>",
    ])
      expect(nodes(text)).toEqual([{ text }]);
  });
});

describe("the page's links and the mail's", () => {
  it("link the same addresses (one rule, written twice: the page is a plain module without a build)", async () => {
    const { linkified } = await import("../../core/mail/linkify.ts");
    const hrefsOfMail = (text: string) => [...linkified(text).matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    const hrefsOfPage = (text: string) =>
      nodes(text)
        .filter((node) => node.href)
        .map((node) => node.href!.replaceAll("&", "&amp;").replaceAll("'", "&#39;"));
    for (const text of [
      "See https://desk.test/a?b=1&c=2.",
      "(voir http://a.test/x_(1)) merci",
      'http://x"onmouseover=alert(1)',
      "https://exa\u202Emple.test/gpj.exe and https://zero\u200Bwidth.test",
      "javascript:alert(1) data:text/html,x www.desk.test",
      "texthttps://glued.test https://ok.test/path/,",
      "https://[::1]/ https:/// https://@",
    ])
      expect(hrefsOfPage(text), text).toEqual(hrefsOfMail(text));
  });

  it("never carries an invisible direction or width character into a link", () => {
    const [link] = nodes("https://desk.test/\u202Eexe.pdf");
    expect(link?.href).toBe("https://desk.test/");
    expect(nodes("https://exa\u202Emple.test/gpj.exe").some((node) => node.href?.includes("\u202E"))).toBe(
      false,
    );
  });
});
