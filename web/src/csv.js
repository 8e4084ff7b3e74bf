// Tables as files (issue 14 item 6): the rows behind a table, never its DOM, as RFC 4180 CSV
// with a header row, CRLF line ends and a UTF-8 byte order mark (spreadsheet apps then read
// the text as UTF-8). A text cell that a spreadsheet could run as a formula (starting with
// = + - @, or a tab or carriage return that hides one) gets a leading apostrophe, as the
// server's own exports do (io/csv_hxl, io/xlsx); numbers are written as they are.

const BOM = '\uFEFF';
const FORMULA = /^[=+\-@\t\r]/;

// One cell: numbers as digits, null and undefined as empty, anything else as text.
export function csvCell(value) {
  if (value === null || value === undefined) return '';
  let text;
  if (typeof value === 'number' || typeof value === 'bigint') {
    text = Number.isFinite(Number(value)) ? String(value) : '';
  } else {
    text = String(value);
    // A value that already starts with ' and a formula character (or another ') gets one more,
    // so that a reader taking one apostrophe away gets the value back.
    if (FORMULA.test(text) || /^'[=+\-@'\t\r]/.test(text)) text = `'${text}`;
  }
  return /[",\r\n]/.test(text) || /^[ \t]|[ \t]$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// columns: [{header, value: (row, index) => cell}]; rows: any array. The file's text, BOM first.
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  rows.forEach((row, i) => lines.push(columns.map((c) => csvCell(c.value(row, i))).join(',')));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

// Money as the table shows it (`shown`), then its exact minor units and currency in columns
// that say so; `get(row)` answers {minor, currency} or nothing.
export function moneyColumns(header, get, shown) {
  return [
    { header, value: (r) => shown(r) },
    { header: `${header} (minor units)`, value: (r) => get(r)?.minor },
    { header: `${header} (currency)`, value: (r) => get(r)?.currency },
  ];
}

// A range of the figure engine ({certain, possible, currency?}) as the table shows it, then
// its two ends exact: minor units when it is money.
export function rangeColumns(header, get, shown) {
  return [
    { header, value: (r) => shown(r) },
    { header: `${header}: certain (minor units for money)`, value: (r) => get(r)?.certain },
    { header: `${header}: possible (minor units for money)`, value: (r) => get(r)?.possible },
    { header: `${header}: currency`, value: (r) => get(r)?.currency },
  ];
}

// Text (or a Blob) the page holds, saved as a file.
export function downloadFile(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

// A file name from words: "records-team", "claims-2020-04-10".
export function fileName(...parts) {
  return parts
    .filter(Boolean)
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}
