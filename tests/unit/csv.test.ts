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

  it("neutralises a cell led by ; and quotes any cell holding one (spreadsheets that split on semicolons)", () => {
    const csv = toCsv([{ a: ";=cmd|' /C calc'!A0", b: "fine; =1+1", c: "plain" }], ["a", "b", "c"]);
    expect(csv.split("\r\n")[1]).toBe(`"';=cmd|' /C calc'!A0","fine; =1+1",plain`);
  });

  it("neutralises the full-width = + - @ and a leading carriage return", () => {
    const rows = [{ a: "＝1+1" }, { a: "＋1" }, { a: "－1" }, { a: "＠SUM(A1)" }];
    const cells = toCsv(rows, ["a"]).split("\r\n").slice(1, -1);
    expect(cells).toEqual(["'＝1+1", "'＋1", "'－1", "'＠SUM(A1)"]);
    expect(toCsv([{ a: "\r=1" }], ["a"])).toContain(`"'\r=1"`);
  });

  it("leaves numbers and ordinary text alone", () => {
    expect(toCsv([{ a: -3, b: "Printer jam", c: "2026-W49" }], ["a", "b", "c"]).split("\r\n")[1]).toBe(
      "-3,Printer jam,2026-W49",
    );
  });
});
