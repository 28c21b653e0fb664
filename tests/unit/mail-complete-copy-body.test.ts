import { describe, expect, it } from "vitest";
import { bodyStartsWith } from "../../core/mail/complete-copy.ts";

/** The body test of a complete copy (core/mail/complete-copy.ts): the cut copy's body bytes, continued. */
const mail = (head: string, body: string, eol = "\r\n") =>
  Buffer.from(`${head.split("\n").join(eol)}${eol}${eol}${body.split("\n").join(eol)}`, "latin1");
const HEAD = "From: a@client.example\nMessage-ID: <1@client.example>";
const WHOLE = "Hello,\n\nPlease refund the second charge.\n\nIr=C3=A8ne\n";

describe("bodyStartsWith", () => {
  it("is true for a body cut anywhere, even mid-line or inside a quoted-printable escape", () => {
    for (const at of [0, 3, 7, 20, 47, 50, WHOLE.length])
      expect(bodyStartsWith(mail(HEAD, WHOLE), mail(HEAD, WHOLE.slice(0, at)))).toBe(true);
  });

  it("reads CRLF and LF alike, on either side, and ignores the cut copy's trailing blanks", () => {
    expect(bodyStartsWith(mail(HEAD, WHOLE, "\n"), mail(HEAD, WHOLE.slice(0, 30)))).toBe(true);
    expect(bodyStartsWith(mail(HEAD, WHOLE), mail(HEAD, `${WHOLE.slice(0, 30)}\n\n `, "\n"))).toBe(true);
  });

  it("ignores the header blocks (a retry's own trace headers)", () => {
    const retried = `Received: from relay2.client.example\n${HEAD}\nX-Extra: 1`;
    expect(bodyStartsWith(mail(retried, WHOLE), mail(HEAD, WHOLE.slice(0, 25)))).toBe(true);
  });

  it("is false for other words, or a copy shorter than the cut one", () => {
    expect(bodyStartsWith(mail(HEAD, WHOLE.replace("second", "first")), mail(HEAD, WHOLE.slice(0, 30)))).toBe(
      false,
    );
    expect(bodyStartsWith(mail(HEAD, WHOLE.slice(0, 20)), mail(HEAD, WHOLE.slice(0, 30)))).toBe(false);
  });

  it("has nothing to compare when the cut copy's headers never ended", () => {
    expect(bodyStartsWith(mail(HEAD, WHOLE), Buffer.from("From: a@client.example\r\nSubj", "latin1"))).toBe(
      true,
    );
  });
});
