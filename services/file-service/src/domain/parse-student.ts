export interface ParsedStudent {
  student_name?: string;
  student_email?: string;
}

/** Header lines looked at; a student's details sit above the essay, not in it. */
const HEADER_LINES = 6;
/** A line this long is a paragraph of the essay: the header has ended. */
const MAX_HEADER_LINE_LENGTH = 200;
const MAX_NAME_LENGTH = 80;

const NAME_LABEL =
  /^(?:[-*•]\s*)?(?:full\s+name|student(?:'s)?\s+name|student|name|namn|elevens\s+namn|elevnamn|elev|author|författare|written\s+by|by)\s*[:：=]\s*(.*)$/iu;
const EMAIL_LABEL =
  /^(?:[-*•]\s*)?(?:e-?mail(?:\s+address)?|e-?post(?:adress)?|mejl|mail)\s*[:：=]\s*(.*)$/iu;
const EMAIL = /(?:mailto:)?([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/u;
/** Where a labelled name ends when more follows on the line ("Name: Anna Svensson, Class 9B"). */
const NAME_END = /\s{2,}|\t|\s*[,;|/]\s*|\s+[–—-]\s+/u;
const SEPARATORS = /^[\s,;|<>()[\]–—-]+|[\s,;|<>()[\]–—-]+$/gu;

const PARTICLES = new Set(["af", "al", "bin", "da", "de", "del", "der", "den", "di", "du", "la", "le", "van", "von"]);
const CAPITALISED = /^\p{Lu}[\p{L}'’.-]*$/u;
const LOWERCASE_WORD = /^\p{Ll}[\p{Ll}'’-]*$/u;
const PLACEHOLDERS = new Set([
  "name", "namn", "your name", "ditt namn", "student", "first last", "firstname lastname",
  "first name last name", "förnamn efternamn", "förnamn", "efternamn",
]);

/**
 * Student name and e-mail from the first lines of an essay, when the student wrote them there:
 * a labelled line ("Name: …", "Namn: …", "Student: …", "E-mail: …"), a line with only an
 * e-mail, or "Anna Svensson <anna@example.se>". Unlabelled prose never yields a name.
 * @example parseStudentHeader("Namn: Anna Svensson\n\nMobiles…") // { student_name: "Anna Svensson" }
 */
export function parseStudentHeader(text: string): ParsedStudent {
  const found: ParsedStudent = {};
  for (const line of headerLines(text)) {
    const parsed = parseHeaderLine(line);
    if (parsed.student_name !== undefined) found.student_name ??= parsed.student_name;
    if (parsed.student_email !== undefined) found.student_email ??= parsed.student_email;
    if (found.student_name !== undefined && found.student_email !== undefined) break;
  }
  return found;
}

function headerLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.length > MAX_HEADER_LINE_LENGTH || lines.length === HEADER_LINES) break;
    lines.push(line);
  }
  return lines;
}

function parseHeaderLine(line: string): ParsedStudent {
  const emailLabelled = EMAIL_LABEL.exec(line);
  if (emailLabelled) {
    const email = EMAIL.exec(emailLabelled[1] ?? "");
    return email?.[1] ? { student_email: email[1].toLowerCase() } : {};
  }
  const nameLabelled = NAME_LABEL.exec(line);
  if (nameLabelled) return parseLabelledName(nameLabelled[1] ?? "");
  return parseUnlabelled(line);
}

function parseLabelledName(value: string): ParsedStudent {
  const result: ParsedStudent = {};
  const email = EMAIL.exec(value);
  let rest = value;
  if (email?.[1]) {
    result.student_email = email[1].toLowerCase();
    rest = value.replace(email[0], " ").replace(/[<([]\s*[>)\]]/g, " ");
  }
  const candidate = (rest.trim().split(NAME_END)[0] ?? "").replace(SEPARATORS, "");
  if (isPlausibleName(candidate, { labelled: true })) result.student_name = collapseSpaces(candidate);
  return result;
}

/** Only a line that holds an e-mail and, at most, a well-formed name beside it. */
function parseUnlabelled(line: string): ParsedStudent {
  const email = EMAIL.exec(line);
  if (!email?.[1]) return {};
  const rest = line.replace(email[0], " ").replace(SEPARATORS, "").replace(/[<([]\s*[>)\]]/g, " ").trim();
  const result: ParsedStudent = {};
  if (rest === "") {
    result.student_email = email[1].toLowerCase();
  } else if (isPlausibleName(rest, { labelled: false })) {
    result.student_email = email[1].toLowerCase();
    result.student_name = collapseSpaces(rest);
  }
  return result;
}

function isPlausibleName(candidate: string, { labelled }: { labelled: boolean }): boolean {
  const name = collapseSpaces(candidate);
  if (name === "" || name.length > MAX_NAME_LENGTH) return false;
  if (PLACEHOLDERS.has(name.toLowerCase())) return false;
  const tokens = name.split(" ");
  if (tokens.length > 5 || (!labelled && tokens.length < 2)) return false;
  // A lone letter is a fragment ("N/A"), not a name; an initial carries its period ("A.").
  if (tokens.some((t) => t.length < 2)) return false;
  const capitalised = tokens.every((t) => CAPITALISED.test(t) || PARTICLES.has(t));
  if (capitalised && CAPITALISED.test(tokens[0] ?? "")) return true;
  // A student who typed "namn: anna svensson" still named themselves; mixed case is prose.
  return labelled && tokens.length >= 2 && tokens.length <= 4 && tokens.every((t) => LOWERCASE_WORD.test(t));
}

function collapseSpaces(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}
