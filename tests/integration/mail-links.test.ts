import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { mailsTo } from "../support/mail.ts";

/**
 * The HTML part of the desk's mail, as SES received it: every http(s) URL of the text is a link there (the
 * follow link, the sign-in link, URLs in an agent's reply), escaped, and no other markup comes from the text.
 */

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

type Sent = { subject: string; body: { text: string; html?: string } };
const mails = async (email: string) => (await mailsTo(desk, email)) as unknown as Sent[];
const escaped = (url: string) => url.replaceAll("&", "&amp;");
const anchor = (url: string) => `<a href="${escaped(url)}">${escaped(url)}</a>`;

describe("links in the desk's HTML mail", () => {
  it("makes the acknowledgement's follow link a link", async () => {
    await submitTicket(desk.app, { email: "links.ack@example.com", locale: "fr" });
    await desk.drain();
    const [ack] = await mails("links.ack@example.com");
    const follow = /Suivre votre demande : (\S+)/.exec(ack!.body.text)![1]!;
    expect(follow).toMatch(/^http:\/\/.+\/ticket\.html\?id=.+#token=/);
    expect(ack!.body.html).toContain(anchor(follow));
  });

  it("makes the sign-in link a link", async () => {
    await submitTicket(desk.app, { email: "links.magic@example.com" });
    await desk.drain();
    const asked = await call(desk.app, "POST", "/api/portal/magic-link", {
      body: { email: "links.magic@example.com", locale: "en" },
      ip: "203.0.113.77",
    });
    expect(asked.status).toBeLessThan(300);
    await desk.drain();
    const mail = (await mails("links.magic@example.com")).find((m) => /sign-in link/.test(m.subject))!;
    const link = /(http\S+#magic=\S+)/.exec(mail.body.text)![1]!;
    expect(mail.body.html).toContain(anchor(link));
  });

  it("links the URLs of an agent's reply, punctuation outside, and turns none of its text into markup", async () => {
    const { id } = await submitTicket(desk.app, { email: "links.reply@example.com" });
    const body =
      'See https://kb.example/printers?model=M507&page=2. Or (https://kb.example/wiki/Toner_(laser)), not www.kb.example nor javascript:alert(1) nor <b>"bold"</b>.';
    const sent = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: { body },
    });
    expect(sent.status).toBe(201);
    await desk.drain();
    const reply = (await mails("links.reply@example.com")).find((m) => m.subject.startsWith("Re:"))!;
    expect(reply.body.text).toContain(body);
    expect(reply.body.html).toContain(
      `See ${anchor("https://kb.example/printers?model=M507&page=2")}. Or (${anchor("https://kb.example/wiki/Toner_(laser)")}), not www.kb.example nor javascript:alert(1) nor &lt;b&gt;&quot;bold&quot;&lt;/b&gt;.`,
    );
    expect(reply.body.html!.match(/<a /g)).toHaveLength(2);
  });
});
