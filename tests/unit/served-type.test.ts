import { describe, expect, it } from "vitest";
import { servedType } from "../../functions/api/served-type.ts";

describe("the type an attachment is served as", () => {
  it("is the declared one only when it is on the harmless list, in its plain spelling", () => {
    expect(servedType("image/JPEG")).toBe("image/jpeg");
    expect(servedType("application/pdf; name=x.pdf")).toBe("application/pdf");
    expect(servedType("text/plain; charset=ISO-8859-1")).toBe("text/plain; charset=ISO-8859-1");
    expect(servedType('text/csv; charset="utf-8"; header=present')).toBe("text/csv; charset=utf-8");
    expect(servedType("application/msword")).toBe("application/msword");
    expect(servedType("application/vnd.oasis.opendocument.text")).toBe(
      "application/vnd.oasis.opendocument.text",
    );
    expect(servedType("video/mp4")).toBe("video/mp4");
    expect(servedType("application/zip")).toBe("application/zip");
  });

  it("is bytes for anything else: scripts in any spelling, markup, SVG, unknown or broken types", () => {
    for (const declared of [
      "text/jscript",
      "text/livescript",
      "text/x-ecmascript",
      "application/javascript",
      "text/css",
      "text/html",
      "application/xhtml+xml",
      "image/svg+xml",
      "text/xml",
      "application/x-unheard-of",
      "",
      "text/plain\r\nX-Evil: 1",
    ])
      expect(servedType(declared), declared).toBe("application/octet-stream");
  });
});
