import { describe, expect, it } from "vitest";
import { parseMail } from "../../core/mail/parse.ts";
import { replyText } from "../../core/mail/reply-text.ts";

/** Review of the charset pre-pass's reach under transfer encodings: declared UTF-8 stays UTF-8. */
const mail = (headers: string[], body: string) =>
  parseMail(Buffer.from([...headers, "", body, ""].join("\r\n"), "latin1"));

describe("texts under a transfer encoding", () => {
  it("keep a declared UTF-8 read as UTF-8, whatever quoted-printable's soft breaks carry", async () => {
    const parsed = await mail(
      [
        "From: a@client.example",
        "Subject: qp",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
      ],
      "Caf=C3=A9 tr=C3=A8s =  \r\nfort. =C3= \r\n=A9t=C3=A9",
    );
    expect(parsed.fullText).toContain("Café très fort. été");
  });

  it("keep a declared UTF-8 part cut mid-character as UTF-8 (one replacement character at most)", async () => {
    const bytes = Buffer.concat([
      Buffer.from("Prix: 12 €, café, thé ok. Merci\n"),
      Buffer.from([0xe2, 0x82]),
    ]);
    const parsed = await mail(
      [
        "From: a@client.example",
        "Subject: b64",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
      ],
      bytes.toString("base64"),
    );
    expect(parsed.fullText).toContain("Prix: 12 €, café, thé ok.");
  });

  it("read an undeclared base64 text cut mid-character as UTF-8 still", async () => {
    const bytes = Buffer.concat([
      Buffer.from("Prix: 12 €, café, thé ok. Merci\n"),
      Buffer.from([0xe2, 0x82]),
    ]);
    const parsed = await mail(
      [
        "From: a@client.example",
        "Subject: b64",
        "Content-Type: text/plain",
        "Content-Transfer-Encoding: base64",
      ],
      bytes.toString("base64"),
    );
    expect(parsed.fullText).toContain("Prix: 12 €, café, thé ok.");
  });

  it("read one 8-bit byte in an unknown-8bit subject as windows-1252", async () => {
    const parsed = await mail(
      ["From: a@client.example", "Subject: =?unknown-8bit?Q?Probl=E8me?=", "Content-Type: text/plain"],
      "Hello",
    );
    expect(parsed.subject).toBe("Problème");
  });
});

describe("a reply's history under a client's attribution", () => {
  it("Yahoo's attribution (a time, the bracketed sender right before its verb) starts the history", () => {
    const yahoo =
      "It still fails.\n    On Monday, December 7, 2026 at 07:45:00 PM GMT, Support <support@desk.example> wrote:\n\n Hello,\n\nRestart it.";
    expect(replyText(yahoo)).toBe("It still fails.");
  });

  it("a phone's tagline in accented words goes as the last line", () => {
    expect(replyText("Merci\n\nEnvoyé de mon téléphone Huawei")).toBe("Merci");
  });
});
