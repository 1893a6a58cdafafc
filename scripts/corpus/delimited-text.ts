// CSV / TSV reading: RFC 4180 quoting (quoted fields may hold delimiters, doubled quotes and
// line breaks), CRLF or LF, a header row. Pure: text in, rows out.

export type Delimiter = "," | "\t";

export interface DelimitedTable {
  header: string[];
  /** One record per data row, keyed by header name. */
  rows: Record<string, string>[];
}

/** The delimiter a file uses: by extension (.csv / .tsv / .tab), else whichever of tab or comma the header line has more of. */
export function detectDelimiter(fileName: string, text: string): Delimiter {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".tsv") || lower.endsWith(".tab")) return "\t";
  if (lower.endsWith(".csv")) return ",";
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const tabs = firstLine.split("\t").length - 1;
  const commas = firstLine.split(",").length - 1;
  return tabs > commas ? "\t" : ",";
}

/**
 * Split delimited text into records of fields.
 * @example parseRecords('a,b\n"x, y","say ""hi"""\n', ","); // [["a","b"],["x, y",'say "hi"']]
 */
export function parseRecords(text: string, delimiter: Delimiter): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  const endRecord = () => {
    record.push(field);
    field = "";
    // A blank line is no record.
    if (!(record.length === 1 && record[0] === "")) records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n") endRecord();
    else if (ch === "\r" && text[i + 1] === "\n") continue;
    else field += ch;
  }
  if (quoted) throw new Error("unterminated quoted field at the end of the file");
  if (field !== "" || record.length > 0) endRecord();
  return records;
}

/** Records under the first row's header names; a row with a different field count is an error naming its line. */
export function parseDelimitedTable(text: string, delimiter: Delimiter): DelimitedTable {
  const [header, ...data] = parseRecords(text, delimiter);
  if (!header) return { header: [], rows: [] };
  const names = header.map((h) => h.trim());
  const rows = data.map((fields, index) => {
    if (fields.length !== names.length) {
      throw new Error(`record ${index + 2} has ${fields.length} fields; the header has ${names.length}`);
    }
    return Object.fromEntries(names.map((name, j) => [name, fields[j] as string]));
  });
  return { header: names, rows };
}
