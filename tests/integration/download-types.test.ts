import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * A mail attachment is served to agents as a download, with the type it declared only when that type is on the
 * list of harmless ones (pictures but SVG, PDF, plain text, Office, archives, sound, video): anything else —
 * a script of any spelling, a stylesheet, HTML, SVG — is bytes (application/octet-stream).
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Download Agent" });
});

describe("an agent's download of a mail attachment", () => {
  it("carries only a harmless declared type, always as an attachment", async () => {
    const files = [
      {
        filename: "payload.js",
        content: Buffer.from("alert(document.cookie)"),
        contentType: "text/javascript",
      },
      {
        filename: "x.mjs",
        content: Buffer.from("export {}"),
        contentType: "application/javascript; charset=utf-8",
      },
      { filename: "look.css", content: Buffer.from("body{}"), contentType: "text/css" },
      { filename: "page.html", content: Buffer.from("<script>1</script>"), contentType: "text/html" },
      { filename: "report.pdf", content: Buffer.from("%PDF-1.4"), contentType: "application/pdf" },
      { filename: "old.js", content: Buffer.from("alert(1)"), contentType: "text/jscript" },
      { filename: "older.js", content: Buffer.from("alert(1)"), contentType: "text/livescript" },
      { filename: "logo.svg", content: Buffer.from("<svg/>"), contentType: "image/svg+xml" },
      { filename: "shot.png", content: Buffer.from("\x89PNG"), contentType: "image/png" },
      { filename: "notes.txt", content: Buffer.from("hello"), contentType: "text/plain; charset=utf-8" },
      {
        filename: "sheet.xlsx",
        content: Buffer.from("PK"),
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
      { filename: "call.mp3", content: Buffer.from("ID3"), contentType: "audio/mpeg" },
      { filename: "odd.bin", content: Buffer.from("?"), contentType: "application/x-unheard-of" },
    ];
    await deliver(desk, await rawMail({ from: "files@example.org", subject: "Files", attachments: files }));
    const [ticket] = await ticketsOf(desk, agent.session, "files@example.org");
    const first = (await call(desk.app, "GET", `/api/tickets/${ticket!.id}`, { as: agent.session })).json
      .timeline[0];
    const served = [];
    for (let index = 0; index < files.length; index++) {
      const response = await call(
        desk.app,
        "GET",
        `/api/tickets/${ticket!.id}/entries/${first.id}/attachments/${index}`,
        {
          as: agent.session,
        },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      served.push(response.headers.get("content-type"));
    }
    expect(served).toEqual([
      "application/octet-stream",
      "application/octet-stream",
      "application/octet-stream",
      "application/octet-stream",
      "application/pdf",
      "application/octet-stream",
      "application/octet-stream",
      "application/octet-stream",
      "image/png",
      "text/plain", // the mail parser keeps the media type only
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "audio/mpeg",
      "application/octet-stream",
    ]);
  });
});
