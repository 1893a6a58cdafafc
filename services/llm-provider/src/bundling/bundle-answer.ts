import { type ComparisonResult, parseComparisonAnswer } from "../domain/comparison.ts";
import { type ProviderName, UnparseableAnswerError } from "../domain/errors.ts";

/** Per pair (position = index − 1): its verdict, or why it has none. */
export type BundleVerdicts = (ComparisonResult | UnparseableAnswerError)[];

const EXCERPT_CHARS = 300;

// The verdict list: a bare array, or the array under "verdicts" in an object.
function verdictList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === "object" && value !== null && Array.isArray((value as { verdicts?: unknown }).verdicts)) {
    return (value as { verdicts: unknown[] }).verdicts;
  }
  return undefined;
}

function tryParse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

// The span from an opening bracket to the one that balances it, skipping brackets inside strings.
function balancedSpan(text: string, start: number): string | undefined {
  const open = text[start];
  const close = open === "[" ? "]" : "}";
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

/** The first verdict list in the answer: fenced blocks first, then the whole text, then any balanced span. */
function findVerdictList(text: string): unknown[] | undefined {
  const candidates: string[] = [];
  for (const match of text.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) candidates.push(match[1] ?? "");
  candidates.push(text);
  for (const candidate of candidates) {
    const whole = verdictList(tryParse(candidate.trim()));
    if (whole) return whole;
    for (let i = 0; i < candidate.length; i++) {
      if (candidate[i] !== "[" && candidate[i] !== "{") continue;
      const span = balancedSpan(candidate, i);
      const list = span === undefined ? undefined : verdictList(tryParse(span));
      if (list) return list;
    }
  }
  return undefined;
}

function indexOf(item: unknown): number | undefined {
  if (typeof item !== "object" || item === null) return undefined;
  const raw = (item as { index?: unknown }).index;
  const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  return typeof n === "number" && Number.isInteger(n) ? n : undefined;
}

/**
 * Map a bundled answer back to its pairs by the `index` each verdict carries, never by position.
 * A pair whose verdict is missing, malformed or given twice gets an UnparseableAnswerError; the
 * other pairs keep theirs.
 * @example parseBundleAnswer('{"verdicts":[{"index":2,…},{"index":1,…}]}', 2) // [verdict 1, verdict 2]
 */
export function parseBundleAnswer(text: string, count: number, provider: ProviderName = "local"): BundleVerdicts {
  const excerpt = text.slice(0, EXCERPT_CHARS);
  const list = findVerdictList(text);
  if (!list) {
    const error = new UnparseableAnswerError("no JSON array of verdicts in the bundled answer", excerpt, provider);
    return Array.from({ length: count }, () => error);
  }
  const found = new Map<number, unknown[]>();
  for (const item of list) {
    const index = indexOf(item);
    if (index === undefined || index < 1 || index > count) continue;
    found.set(index, [...(found.get(index) ?? []), item]);
  }
  return Array.from({ length: count }, (_, i) => {
    const items = found.get(i + 1) ?? [];
    if (items.length === 0) return new UnparseableAnswerError(`no verdict for pair ${i + 1} in the bundled answer`, excerpt, provider);
    if (items.length > 1) return new UnparseableAnswerError(`more than one verdict for pair ${i + 1}`, excerpt, provider);
    try {
      return parseComparisonAnswer(JSON.stringify(items[0]), provider);
    } catch (err) {
      if (err instanceof UnparseableAnswerError) {
        return new UnparseableAnswerError(`pair ${i + 1}: ${String(err.details.reason ?? err.message)}`, excerpt, provider);
      }
      throw err;
    }
  });
}
