/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, its quotes
 * doubled. A cell a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return that some strip before looking) is prefixed with ' so it stays text.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as CSV text: cells joined by commas, records ended by CRLF. */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
