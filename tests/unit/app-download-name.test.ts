import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "../../functions/api/content-disposition.ts";
import { savedName } from "../../web/app/src/download-name.ts";

/** The app saves a fetched file under the name the server gave it (a blob's address has none). */
describe("the name a downloaded file is saved under", () => {
  it("is the server's, Unicode included", () => {
    for (const name of ["report.pdf", "Facture n°12 (copie).pdf", "发票.pdf", "it's 100%.txt", "a;b=c.eml"])
      expect(savedName(attachmentDisposition(name))).toBe(name);
  });
  it("falls back to the plain name, or none", () => {
    expect(savedName(`attachment; filename="x.pdf"; filename*=UTF-8''%E0%A4%A`)).toBe("x.pdf");
    expect(savedName(null)).toBeUndefined();
    expect(savedName("attachment")).toBeUndefined();
  });
});
