import { describe, expect, it } from "vitest";
import { parseMail } from "../../core/mail/parse.ts";

/** A named inline text file is marked `attachment` whatever the folding of its Content-Disposition field. */
describe("a named text file whose Content-Disposition is folded after the colon", () => {
  it("is a file beside the body, as when the field is on one line", async () => {
    const raw = Buffer.from(
      'From: a@client.example\r\nMessage-ID: <fold@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe sync stops; log attached.\r\n--B\r\nContent-Type: text/plain; charset=utf-8; name="sync.log"\r\nContent-Disposition:\r\n inline; filename="sync.log"\r\n\r\nSyncJob failed\r\n--B--\r\n',
    );
    const mail = await parseMail(raw);
    expect(mail.visibleText).toBe("The sync stops; log attached.");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["sync.log"]);
  });
});
