import { describe, expect, it } from "vitest";
import { parseMail } from "../../core/mail/parse.ts";

/**
 * A list's footer part (core/mail/inline-parts.ts `listPartsOf`) is told from a person's own short last words by
 * what it says: a footer names its list (an address or site its List-* headers name). List-Unsubscribe alone is on
 * much mail a person sends (a CRM or sales tool adds it; Gmail and Yahoo ask bulk senders for it), and a desk
 * reached through a Google Group gets List-Id on every customer's mail.
 */

const message = (head: string, parts: string[]) =>
  Buffer.from(
    `From: Tom <tom@customer.example>\r\nTo: support@desk.localhost\r\nMessage-ID: <m@customer.example>\r\nMIME-Version: 1.0\r\n${head}Content-Type: multipart/mixed; boundary="B"\r\n\r\n${parts
      .map((p) => `--B\r\n${p}\r\n`)
      .join("")}--B--\r\n`,
    "utf8",
  );
/** Apple Mail: the file first (inline, named), the words typed under it after. */
const ORDERS =
  'Content-Type: text/html; charset=utf-8; name="orders.html"\r\nContent-Disposition: inline; filename="orders.html"\r\n\r\n<table><tr><td>7781</td><td>240.00</td></tr></table>';
const WORDS =
  "Content-Type: text/plain; charset=utf-8\r\n\r\nThese two orders were charged twice. Can you refund one?\r\nTom";

describe("a person's short last words in mail with list headers", () => {
  it("stay the body beside a named file when a sending tool added List-Unsubscribe", async () => {
    const head =
      "List-Unsubscribe: <https://t.crm-tool.example/unsub/8f2a>, <mailto:unsub-8f2a@crm-tool.example>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    const mail = await parseMail(message(head, [ORDERS, WORDS]));
    expect(mail.visibleText).toBe("These two orders were charged twice. Can you refund one?\nTom");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["orders.html"]);
  });

  it("stay the body when the desk's address is a Google Group (List-Id on every mail)", async () => {
    const head =
      "List-ID: <support.desk.example>\r\nList-Post: <mailto:support@desk.example>\r\nList-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>\r\n";
    const mail = await parseMail(message(head, [ORDERS, WORDS]));
    expect(mail.visibleText).toBe("These two orders were charged twice. Can you refund one?\nTom");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["orders.html"]);
  });
});
