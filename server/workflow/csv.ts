/** A cell as the export hands it over: text, a number, a date (written as ISO), or empty. */
export type CsvCell = string | number | boolean | Date | null | undefined;

/**
 * Text a spreadsheet would run as a formula (= + - @, and tab or carriage return which some strip first)
 * gets a leading apostrophe, so an exported note like "=HYPERLINK(…)" stays text when opened.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/u.test(text) ? `'${text}` : text;
}

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return neutraliseFormula(value);
}

/** RFC 4180: a field with a comma, quote or line break is quoted, and quotes inside are doubled. */
export function csvField(value: CsvCell): string {
  const text = cellText(value);
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV with CRLF line ends, as RFC 4180 and spreadsheet programs expect. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}
