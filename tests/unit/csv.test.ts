import { describe, expect, it } from "vitest";
import { toCsv } from "../../core/report/csv.ts";

describe("CSV export", () => {
  it("quotes what needs quoting and neutralises formulas", () => {
    const csv = toCsv(
      [
        { a: '=HYPERLINK("x")', b: "+1", c: "-2" },
        { a: "@SUM(A1)", b: 'say "hi", ok', c: 3 },
        { a: "\tcmd", b: null, c: -4 },
      ],
      ["a", "b", "c"],
    );
    expect(csv.split("\r\n")).toEqual([
      "a,b,c",
      `"'=HYPERLINK(""x"")",'+1,'-2`,
      `'@SUM(A1),"say ""hi"", ok",3`,
      "'\tcmd,,-4",
      "",
    ]);
  });
});
