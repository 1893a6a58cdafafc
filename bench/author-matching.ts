// Author matching: 1,000 essays with header names written the ways students write them, matched
// against a 35-student Swedish roster (batches of up to 35 essays, one essay per student per batch).
// Prints accuracy per header style, how right the auto-accepted (confidence ≥ 0.85) ones are, and speed.
// Run: bun bench/author-matching.ts [--seed N]
import { suggestAuthors, type EssayAuthor, type RosterStudent } from "../services/class-management/src/domain/author-matching.ts";

const seedArg = process.argv.indexOf("--seed");
let state = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 11;
const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

const FIRST = ["Åsa", "Anna-Karin", "Björn", "Elsa", "Maja", "Hugo", "Noah", "Liam", "Ebba", "Alva", "Sofia", "William", "Omar", "Amira", "Leo", "Ella",
  "Oskar", "Märta", "Jöns", "Karl-Johan", "Linnéa", "Agnes", "Nils", "Wilma", "Axel", "Selma", "Ali", "Fatima", "Edvin", "Tuva", "Viggo", "Saga", "Lova", "Milo", "Ines"];
const LAST = ["Lindén", "Öberg", "Sjöberg", "Ekström", "Nyström", "Karlsson", "Andersson", "Berg", "Holm", "Persson", "Haddad", "Yusuf", "Virtanen", "Lindqvist",
  "Åkesson", "Bergström", "Nilsson", "Johansson", "Hägg", "Söderlund", "Eriksson", "Larsson", "Olsson", "Pettersson", "Svensson", "Gustafsson", "Jönsson",
  "Lundgren", "Mattsson", "Forsberg", "Sandberg", "Wallin", "Engström", "Danielsson", "Håkansson"];
const fold = (s: string) => s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z]/g, "");

const roster: RosterStudent[] = FIRST.map((first, i) => ({
  studentId: `s${i}`, firstName: first, lastName: LAST[i] as string,
  email: i % 3 === 0 ? `${fold(first)}.${fold(LAST[i] as string)}@elev.skolan.se` : null,
}));
// Two students share a first name so that "first name only" headers are genuinely ambiguous.
roster[34] = { studentId: "s34", firstName: "Anna", lastName: "Håkansson", email: null };

type Style = "exact" | "lower_ascii" | "last_first" | "initial_last" | "first_initial" | "typo" | "email_only" | "email_local" | "double_name_split" | "first_only" | "missing";
const STYLES: [Style, number][] = [
  ["exact", 30], ["lower_ascii", 15], ["last_first", 8], ["initial_last", 8], ["first_initial", 5], ["typo", 10], ["email_only", 6], ["email_local", 6],
  ["double_name_split", 4], ["first_only", 4], ["missing", 4],
];
const total = STYLES.reduce((s, [, w]) => s + w, 0);
function style(): Style {
  let r = random() * total;
  for (const [s, w] of STYLES) if ((r -= w) < 0) return s;
  return "exact";
}
function typo(name: string): string {
  const i = 1 + Math.floor(random() * (name.length - 2));
  const ops = [() => name.slice(0, i) + name.slice(i + 1), () => name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2), () => name.slice(0, i) + "e" + name.slice(i + 1)];
  return pick(ops)();
}
function header(s: RosterStudent, st: Style): { name: string | null; email: string | null } {
  const f = s.firstName, l = s.lastName;
  switch (st) {
    case "exact": return { name: `${f} ${l}`, email: null };
    case "lower_ascii": return { name: `${fold(f)} ${fold(l)}`, email: null };
    case "last_first": return { name: `${l}, ${f}`, email: null };
    case "initial_last": return { name: `${f[0]}. ${l}`, email: null };
    case "first_initial": return { name: `${f} ${l[0]}.`, email: null };
    case "typo": return { name: `${f} ${typo(l)}`, email: null };
    case "email_only": return { name: null, email: s.email ?? `${fold(f)}.${fold(l)}@gmail.com` };
    case "email_local": return { name: null, email: `${fold(f)[0]}${fold(l)}@elev.skolan.se` };
    case "double_name_split": return { name: `${f.replace("-", " ")} ${l}`, email: null };
    case "first_only": return { name: f, email: null };
    case "missing": return { name: null, email: null };
  }
}

const ESSAYS = 1000;
const rows = new Map<Style, { n: number; right: number; wrong: number; none: number }>();
let autoAccepted = 0, autoRight = 0, matchMs = 0, done = 0;
while (done < ESSAYS) {
  const size = Math.min(35, ESSAYS - done);
  const authors = [...roster].sort(() => random() - 0.5).slice(0, size);
  const essays: (EssayAuthor & { truth: string; style: Style })[] = authors.map((s, i) => {
    const st = style();
    return { essayId: `e${done + i}`, ...header(s, st), truth: s.studentId, style: st };
  });
  const started = performance.now();
  const suggestions = suggestAuthors(essays, roster);
  matchMs += performance.now() - started;
  for (const e of essays) {
    const s = suggestions.find((x) => x.essayId === e.essayId);
    const row = rows.get(e.style) ?? { n: 0, right: 0, wrong: 0, none: 0 };
    row.n++;
    if (!s?.studentId) row.none++;
    else if (s.studentId === e.truth) row.right++;
    else row.wrong++;
    rows.set(e.style, row);
    if (s?.studentId && s.confidence >= 0.85) {
      autoAccepted++;
      if (s.studentId === e.truth) autoRight++;
    }
  }
  done += size;
}
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : "–");
console.log(`author matching: ${ESSAYS} essays vs a ${roster.length}-student roster, batches of 35`);
console.log("header style          n   right   wrong  unassigned");
let right = 0, wrong = 0, none = 0;
for (const [st] of STYLES) {
  const r = rows.get(st);
  if (!r) continue;
  right += r.right; wrong += r.wrong; none += r.none;
  console.log(`${st.padEnd(18)} ${String(r.n).padStart(5)} ${pct(r.right, r.n).padStart(7)} ${pct(r.wrong, r.n).padStart(7)} ${pct(r.none, r.n).padStart(9)}`);
}
console.log(`all                ${String(ESSAYS).padStart(5)} ${pct(right, ESSAYS).padStart(7)} ${pct(wrong, ESSAYS).padStart(7)} ${pct(none, ESSAYS).padStart(9)}`);
console.log(`auto-accepted at confidence ≥ 0.85: ${autoAccepted} (${pct(autoAccepted, ESSAYS)}), of which right ${pct(autoRight, autoAccepted)}`);
console.log(`speed: ${(matchMs).toFixed(0)} ms for ${ESSAYS} essays (${((ESSAYS / matchMs) * 1000).toFixed(0)} essays/s)`);
