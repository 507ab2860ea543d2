import ExcelJS from "exceljs";
import { isoDay } from "./actions.js";
import { type CsvCell, toCsv } from "./csv.js";
import type { Cell, ColumnType, Sheet } from "./sheets.js";

const numberFormats: Partial<Record<ColumnType, string>> = {
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm",
  percent: "0%",
};

/**
 * The sheets as one .xlsx workbook: a bold, frozen header row with an autofilter, column widths, and
 * dates as real dates (times in UTC) so a spreadsheet sorts and filters them.
 */
export async function workbookOf(sheets: readonly Sheet[], created: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Orbit";
  book.created = created;
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.title, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({
      header: c.header,
      width: c.width,
      style: numberFormats[c.type] ? { numFmt: numberFormats[c.type] } : {},
    }));
    ws.addRows(sheet.rows.map((row) => [...row]));
    ws.getRow(1).font = { bold: true };
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function csvCell(value: Cell, type: ColumnType): CsvCell {
  if (value instanceof Date) return type === "date" ? isoDay(value) : value.toISOString();
  return value;
}

/** One sheet as CSV: the header row, then its rows (dates as `YYYY-MM-DD`, times as ISO in UTC). */
export function csvOf(sheet: Sheet): string {
  return toCsv([
    sheet.columns.map((c) => c.header),
    ...sheet.rows.map((row) => row.map((value, i) => csvCell(value, sheet.columns[i]!.type))),
  ]);
}
