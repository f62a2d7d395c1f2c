/**
 * A small RFC 4180 CSV reader for the reference facts: quoted fields (which may contain commas, line breaks
 * and doubled quotes `""`), CRLF or LF line ends, an optional final line end. No type coercion: every field is
 * the exact text between the delimiters.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      i += 1;
      continue;
    }
    if (char === '"' && field === "") {
      quoted = true;
    } else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      // CRLF: the LF ends the record on the next step.
    } else if (char === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += char;
    }
    i += 1;
  }
  if (quoted) throw new Error("CSV ends inside a quoted field");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Records keyed by the header row. Throws when the header lacks an expected column or a record's width differs
 * from the header's, so a changed source file fails loudly instead of shifting columns.
 */
export function parseCsvRecords<Column extends string>(
  text: string,
  columns: readonly Column[],
): Record<Column, string>[] {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new Error("CSV has no header row");
  const missing = columns.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new Error(`CSV header lacks column(s) ${missing.join(", ")}: ${header.join(",")}`);
  }
  return records.map((fields, index) => {
    if (fields.length !== header.length) {
      throw new Error(`CSV record ${index + 2} has ${fields.length} fields; the header has ${header.length}`);
    }
    return Object.fromEntries(columns.map((column) => [column, fields[header.indexOf(column)]])) as Record<
      Column,
      string
    >;
  });
}
