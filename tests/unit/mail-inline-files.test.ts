import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareInlineParts } from "../../core/mail/inline-parts.ts";
import { parseMail } from "../../core/mail/parse.ts";

/**
 * Which inline parts are the body and which are files (core/mail/inline-parts.ts): a named text file beside a
 * body is a file, as a named HTML one is; a mailing list's footer part is no body of its own
 * (tests/fixtures/email/desk/rw7-*.eml).
 */

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));
const LIST_HEADERS =
  "List-Id: Ops <ops.lists.client.example>\r\nList-Unsubscribe: <mailto:ops-leave@lists.client.example>\r\n";
const message = (head: string, parts: string[], boundary = "B") =>
  Buffer.from(
    `From: A <a@client.example>\r\nTo: support@desk.localhost\r\nMessage-ID: <m@client.example>\r\nMIME-Version: 1.0\r\n${head}Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${parts
      .map((p) => `--${boundary}\r\n${p}\r\n`)
      .join("")}--${boundary}--\r\n`,
    "utf8",
  );
const TEXT = (words: string) => `Content-Type: text/plain; charset=utf-8\r\n\r\n${words}`;
const NAMED = (type: string, name: string, body: string) =>
  `Content-Type: ${type}; charset=utf-8; name="${name}"\r\nContent-Disposition: inline; filename="${name}"\r\n\r\n${body}`;
/** Mailman 3's default footer part (its MIMEText, marked inline). */
const MAILMAN_FOOTER =
  'Content-Type: text/plain; charset="us-ascii"\r\nMIME-Version: 1.0\r\nContent-Transfer-Encoding: 7bit\r\nContent-Disposition: inline\r\n\r\n_______________________________________________\r\nOps mailing list -- ops@lists.client.example\r\nTo unsubscribe send an email to ops-leave@lists.client.example\r\n';
const REPORT = NAMED("text/html", "report.html", "<p>Backup of NAS-Office failed at 03:14 (HTTP 403).</p>");

describe("a named text file sent inline", () => {
  it("is a file beside Apple Mail's typed text: listed under its name, not in the body, the text parts in order", async () => {
    const mail = await parseMail(fixture("rw7-apple-mail-log-file.eml"));
    expect(mail.fullText).toBe(
      "Hello,\n\nSince the update to 4.2 this morning the catalogue sync stops after a few seconds. Here is the log from the app:\n\n\n\nIt worked fine on 4.1 last week. Could you have a look?\n\nChris",
    );
    expect(mail.attachments).toHaveLength(1);
    const [log] = mail.attachments;
    expect(log).toMatchObject({ filename: "stockroom.log", contentType: "text/plain", inline: false });
    expect(log!.content.toString("utf8")).toContain("SyncJob failed: java.net.SocketTimeoutException");
  });

  it("stays the body when it is all the message holds (Apple Mail's CSV with no typed text)", async () => {
    const mail = await parseMail(fixture("rw7-apple-mail-csv-only.eml"));
    expect(mail.visibleText).toBe(
      "ticket;device;room;status\nA-1182;Projector Epson EB-L520U;B204;no HDMI signal\nA-1183;Display Samsung QM55R;B210;flickers\nA-1190;Dock Dell WD19S;C015;no network",
    );
    expect(mail.attachments).toEqual([]);
  });

  it("named by its Content-Type alone, beside an HTML body: a file too", async () => {
    const mail = await parseMail(
      message("", [
        "Content-Type: text/html; charset=utf-8\r\n\r\n<p>The export is attached.</p>",
        'Content-Type: text/plain; charset=utf-8; name="export.csv"\r\n\r\nid;total\r\n7781;240.00',
      ]),
    );
    expect(mail.visibleText).toBe("The export is attached.");
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([["export.csv", "text/plain"]]);
  });

  it("keeps every unnamed text part as body, in order, around images and files", async () => {
    const png =
      "Content-Type: image/png; name=a.png\r\nContent-Disposition: inline; filename=a.png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=";
    const mail = await parseMail(
      message("", [
        TEXT("First words."),
        png,
        TEXT("Second words."),
        NAMED("text/plain", "notes.txt", "NOTES"),
        TEXT("Last words."),
      ]),
    );
    expect(mail.fullText).toMatch(/^First words\.\n[\s\S]*Second words\.\n[\s\S]*Last words\.$/);
    expect(mail.fullText).not.toContain("NOTES");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["a.png", "notes.txt"]);
  });

  it("keeps a named text alternative as the text of the body (a mailer that names its text part)", async () => {
    const raw = Buffer.from(
      'From: A <a@client.example>\r\nMessage-ID: <m@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="A"\r\n\r\n--A\r\nContent-Type: text/plain; charset=utf-8; name="message.txt"\r\n\r\nThe printer on floor 2 jams.\r\n--A\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>The printer on <b>floor 2</b> jams.</p>\r\n--A--\r\n',
    );
    const mail = await parseMail(raw);
    expect(mail.visibleText).toBe("The printer on floor 2 jams.");
    expect(mail.attachments).toEqual([]);
  });

  it("leaves an invitation and an attached message as they were, beside a body", () => {
    const raw = message("", [
      TEXT("See the invitation and the message below."),
      NAMED("text/calendar", "invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR"),
      'Content-Type: message/rfc822; name="fwd.eml"\r\nContent-Disposition: inline; filename="fwd.eml"\r\n\r\nFrom: B <b@client.example>\r\nSubject: Fwd\r\n\r\nInner words',
    ]);
    expect(prepareInlineParts(raw)).toEqual({ raw, filesOutOfBody: 0, cut: false });
  });
});

describe("a mailing list's footer part", () => {
  it("is no body of its own: a NAS's report.html posted to a Mailman 3 list stays the body, the footer after it", async () => {
    const mail = await parseMail(fixture("rw7-mailman3-report-html-footer.eml"));
    expect(mail.fullText).toBe(
      [
        "Backup task Nightly to cloud on NAS-Office failed at 03:14.",
        "Reason: the destination refused the credentials (HTTP 403).",
        "Last successful backup: 2 Dec 2026 03:10.",
        "_______________________________________________\nInfra-alerts mailing list -- infra-alerts@lists.client.example\nTo unsubscribe send an email to infra-alerts-leave@lists.client.example",
      ].join("\n\n"),
    );
    expect(mail.attachments).toEqual([]);
    expect(mail.html).toContain("<b>Nightly to cloud</b>");
  });

  it("is no body of its own when it is HTML (a group's footer after a named HTML report)", async () => {
    const mail = await parseMail(fixture("rw7-google-groups-named-html-footer.eml"));
    expect(
      mail.visibleText.startsWith("Relay relay-02: 214 messages deferred\n\nOldest deferred message"),
    ).toBe(true);
    expect(mail.fullText).toContain("You received this message because you are subscribed");
    expect(mail.attachments).toEqual([]);
  });

  it("is no body of its own when the list sends it in base64 (a UTF-8 list)", async () => {
    const words =
      "_______________________________________________\nOps mailing list -- ops@lists.client.example\n";
    const footer = `Content-Type: text/plain; charset="utf-8"\r\nMIME-Version: 1.0\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: inline\r\n\r\n${Buffer.from(words).toString("base64")}`;
    const mail = await parseMail(message(LIST_HEADERS, [REPORT, footer]));
    expect(mail.fullText).toBe(
      "Backup of NAS-Office failed at 03:14 (HTTP 403).\n\n_______________________________________________\nOps mailing list -- ops@lists.client.example",
    );
    expect(mail.attachments).toEqual([]);
  });

  it("is no body of its own beside a named text report either: the report stays the body", async () => {
    const report = NAMED("text/plain", "disk-report.txt", "/dev/sda1 97% full");
    const mail = await parseMail(message(LIST_HEADERS, [report, MAILMAN_FOOTER]));
    expect(mail.fullText).toMatch(/^\/dev\/sda1 97% full\n+_{47}\nOps mailing list -- ops@lists/);
    expect(mail.attachments).toEqual([]);
  });

  it("leaves a named file a file when the post has typed text of its own", async () => {
    const mail = await parseMail(
      message(LIST_HEADERS, [TEXT("Tonight's report is attached."), REPORT, MAILMAN_FOOTER]),
    );
    expect(mail.attachments.map((a) => a.filename)).toEqual(["report.html"]);
    expect(mail.fullText).toMatch(/^Tonight's report is attached\.\n[\s\S]*Ops mailing list -- ops@lists/);
    expect(mail.fullText).not.toContain("NAS-Office");
  });

  it("is only a footer in mail a list delivered: a person's last words after a file are a body", async () => {
    const mail = await parseMail(message("", [REPORT, TEXT("See above. Tom")]));
    expect(mail.visibleText).toBe("See above. Tom");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["report.html"]);
  });

  it("is only the last part, and a short one: a long last text part is a body", async () => {
    const long = TEXT(`${"The backup fails every night since the NAS update. ".repeat(100)}Tom`);
    const mail = await parseMail(message(LIST_HEADERS, [REPORT, long]));
    expect(mail.attachments.map((a) => a.filename)).toEqual(["report.html"]);
    expect(mail.fullText).not.toContain("NAS-Office");
  });
});

describe("a mailing list's header part", () => {
  // rw8-mailman-header-report-html.eml: Mailman 2.1 with a `msg_header` set wraps a single-part HTML report in
  // multipart/mixed [header, report, footer] (Mailman/Handlers/Decorate.py: MIMEText parts, `inline`).
  it("is no body of its own: the report a list posted with its header and footer stays the body", async () => {
    const mail = await parseMail(fixture("rw8-mailman-header-report-html.eml"));
    expect(mail.fullText).toBe(
      [
        "Posted to ops@lists.client.example. Replies go to the whole list.",
        "Backup task Nightly to cloud on NAS-Office failed at 03:39.",
        "Reason: the destination refused the credentials (HTTP 403).",
        "_______________________________________________\nOps mailing list\nops@lists.client.example\nhttps://lists.client.example/mailman/listinfo/ops",
      ].join("\n\n"),
    );
    expect(mail.attachments).toEqual([]);
  });

  it("is only a header when it names the list: a short first part that does not is the sender's words", async () => {
    const mail = await parseMail(message(LIST_HEADERS, [TEXT("Tonight's report."), REPORT, MAILMAN_FOOTER]));
    expect(mail.attachments.map((a) => a.filename)).toEqual(["report.html"]);
    const header = TEXT("Posted to ops@lists.client.example");
    const posted = await parseMail(message(LIST_HEADERS, [header, TEXT("See the report."), REPORT]));
    expect(posted.attachments.map((a) => a.filename)).toEqual(["report.html"]);
    expect(posted.fullText).toMatch(/^Posted to ops@lists.client.example\n+See the report.$/);
  });

  it("is no header when it is the sender's own part: a person's first words that name the list keep the file a file", async () => {
    // The sender's client wrote the first part; Mailman writes its header part as it writes the footer part.
    const words = TEXT("Hi all, sending this to ops@lists.client.example as agreed: tonight's report.");
    const mail = await parseMail(message(LIST_HEADERS, [words, REPORT, MAILMAN_FOOTER]));
    expect(mail.attachments.map((a) => a.filename)).toEqual(["report.html"]);
    expect(mail.fullText).not.toContain("NAS-Office");
  });
});
