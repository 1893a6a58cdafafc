import { nameTokens, similarity } from "./name-folding.ts";

export interface RosterStudent {
  studentId: string;
  firstName: string;
  lastName: string;
  email: string | null;
}

/** What the file service read from an essay's header. */
export interface ParsedAuthor {
  name: string | null;
  email: string | null;
}

export type MatchReason =
  | "email" | "email_local_part" | "full_name" | "joined_name" | "initial_and_last_name" | "first_name_and_initial"
  | "fuzzy_name" | "first_name_only" | "last_name_only" | "initials_only";

export interface Candidate {
  studentId: string;
  score: number;
  reason: MatchReason;
}

interface PreparedStudent {
  student: RosterStudent;
  first: string[];
  last: string[];
  full: string;
  reversed: string;
  email: string | null;
}

const joined = (tokens: string[]) => tokens.join("");
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join(" ") === [...b].sort().join(" ");
const containsAll = (haystack: string[], needles: string[]) => needles.length > 0 && needles.every((n) => haystack.includes(n));

function prepare(student: RosterStudent): PreparedStudent {
  const first = nameTokens(student.firstName);
  const last = nameTokens(student.lastName);
  return { student, first, last, full: joined([...first, ...last]), reversed: joined([...last, ...first]), email: student.email?.trim().toLowerCase() ?? null };
}

function nameScore(tokens: string[], s: PreparedStudent): Candidate | undefined {
  const id = s.student.studentId;
  if (tokens.length === 0) return undefined;
  if (sameSet(tokens, [...s.first, ...s.last])) return { studentId: id, score: 0.96, reason: "full_name" };
  const all = joined(tokens);
  if (all === s.full || all === s.reversed) return { studentId: id, score: 0.93, reason: "joined_name" };
  const initials = tokens.filter((t) => t.length === 1);
  const words = tokens.filter((t) => t.length > 1);
  const firstInitial = s.first[0]?.[0];
  const lastInitial = s.last[0]?.[0];
  if (initials.length > 0) {
    if (containsAll(words, s.last) && initials[0] === firstInitial) return { studentId: id, score: 0.85, reason: "initial_and_last_name" };
    if (containsAll(words, s.first) && initials.includes(lastInitial ?? "")) return { studentId: id, score: 0.75, reason: "first_name_and_initial" };
    if (words.length === 0 && initials.length === 2 && initials[0] === firstInitial && initials[1] === lastInitial) return { studentId: id, score: 0.45, reason: "initials_only" };
  }
  const fuzzy = Math.max(similarity(all, s.full), similarity(all, s.reversed));
  if (fuzzy >= 0.8) return { studentId: id, score: 0.9 * fuzzy, reason: "fuzzy_name" };
  if (tokens.length === 1 || sameSet(tokens, s.first)) {
    // A single given name also fits a double first name ("Anna" ~ "Anna-Karin"), equally weakly.
    if (sameSet(tokens, s.first) || all === joined(s.first) || containsAll(s.first, tokens)) return { studentId: id, score: 0.6, reason: "first_name_only" };
    if (sameSet(tokens, s.last) || all === joined(s.last)) return { studentId: id, score: 0.6, reason: "last_name_only" };
  }
  return undefined;
}

function emailScore(email: string, s: PreparedStudent): Candidate | undefined {
  const id = s.student.studentId;
  if (s.email && s.email === email) return { studentId: id, score: 1, reason: "email" };
  const local = (email.split("@")[0] ?? "").replace(/\d+/g, "");
  const parts = nameTokens(local);
  if (parts.length === 0) return undefined;
  const all = joined(parts);
  if (sameSet(parts, [...s.first, ...s.last]) || all === s.full || all === s.reversed) return { studentId: id, score: 0.9, reason: "email_local_part" };
  const f = joined(s.first);
  const l = joined(s.last);
  if (all === `${s.first[0]?.[0] ?? ""}${l}` || all === `${l}${s.first[0]?.[0] ?? ""}`) return { studentId: id, score: 0.82, reason: "email_local_part" };
  if (all === `${f}${s.last[0]?.[0] ?? ""}`) return { studentId: id, score: 0.7, reason: "email_local_part" };
  return undefined;
}

/**
 * Every roster student this author could be, best first. Name and e-mail evidence for the same
 * student add up; a name that fits two students equally well is marked down as ambiguous.
 * @example candidatesFor({ name: "asa linden", email: null }, roster)[0] // { studentId: "åsa", score: 0.96, reason: "full_name" }
 */
export function candidatesFor(author: ParsedAuthor, roster: RosterStudent[]): Candidate[] {
  const tokens = author.name ? nameTokens(author.name) : [];
  const email = author.email?.trim().toLowerCase() || null;
  const found: Candidate[] = [];
  for (const s of roster.map(prepare)) {
    const byName = nameScore(tokens, s);
    const byEmail = email ? emailScore(email, s) : undefined;
    if (!byName && !byEmail) continue;
    const best = (byEmail?.score ?? 0) >= (byName?.score ?? 0) ? (byEmail as Candidate) : (byName as Candidate);
    const agree = byName && byEmail ? Math.min(1, best.score + 0.04) : best.score;
    found.push({ ...best, score: agree });
  }
  found.sort((a, b) => b.score - a.score);
  const [first, second] = found;
  if (first && second && first.score - second.score < 0.05 && first.reason !== "email") {
    found[0] = { ...first, score: first.score * 0.7 };
    found[1] = { ...second, score: second.score * 0.7 };
    found.sort((a, b) => b.score - a.score);
  }
  return found;
}

export interface EssayAuthor extends ParsedAuthor {
  essayId: string;
}

export interface Suggestion {
  essayId: string;
  studentId: string | null;
  confidence: number;
  reason: MatchReason | null;
}

/** Below this a candidate is not suggested at all. */
export const MIN_SUGGESTION_SCORE = 0.4;

/**
 * Suggest one student per essay and one essay per student: the most confident pairs are taken
 * first, so a weaker candidate never takes a student a stronger match needs.
 */
export function suggestAuthors(essays: EssayAuthor[], roster: RosterStudent[]): Suggestion[] {
  const pairs = essays.flatMap((e) => candidatesFor(e, roster).filter((c) => c.score >= MIN_SUGGESTION_SCORE).map((c) => ({ essayId: e.essayId, ...c })));
  pairs.sort((a, b) => b.score - a.score);
  const byEssay = new Map<string, Suggestion>();
  const takenStudents = new Set<string>();
  for (const p of pairs) {
    if (byEssay.has(p.essayId) || takenStudents.has(p.studentId)) continue;
    byEssay.set(p.essayId, { essayId: p.essayId, studentId: p.studentId, confidence: Math.round(p.score * 1000) / 1000, reason: p.reason });
    takenStudents.add(p.studentId);
  }
  return essays.map((e) => byEssay.get(e.essayId) ?? { essayId: e.essayId, studentId: null, confidence: 0, reason: null });
}
