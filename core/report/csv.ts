/**
 * What a spreadsheet may read as a formula at the start of a cell: = + - @, a tab or a carriage return (OWASP's
 * list), `;` (where `;` is the list separator — French Excel among others — a cell starting with it opens a new
 * cell that can start with a formula), and the full-width forms of = + - @ that some locales' spreadsheets
 * normalise to ASCII.
 */
const FORMULA_START = /^[=+\-@\t\r;\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Rows as CSV (RFC 4180 quoting). A text cell that could start a formula gets a leading apostrophe, and any cell
 * holding a `;` is quoted too, so that a spreadsheet splitting on semicolons keeps it whole: an exported report
 * can never run anything.
 */
export function toCsv(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? "" : String(value);
    if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
    return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    [columns.join(","), ...rows.map((row) => columns.map((c) => cell(row[c])).join(","))].join("\r\n") +
    "\r\n"
  );
}
