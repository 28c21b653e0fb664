import { describe, expect, it } from "vitest";
import { withBodyType } from "../../core/mail/lost-boundary.ts";

const message = (type: string) =>
  Buffer.from(
    `From: a@client.example\r\nSubject: x\r\n${type}\r\n\r\n--x\r\n--x--\r\n--abcdef\r\nContent-Type: text/plain\r\n\r\nHello\r\n--abcdef--\r\n`,
  );

describe("a multipart type that lost its boundary", () => {
  it("leaves a boundary written in RFC 2231 form as it is", () => {
    for (const type of [
      'Content-Type: multipart/mixed; boundary*0="abc"; boundary*1="def"',
      "Content-Type: multipart/mixed;\r\n boundary*=utf-8''abcdef",
    ]) {
      const raw = message(type);
      expect(withBodyType(raw).toString("latin1")).toBe(raw.toString("latin1"));
    }
  });
});
