/**
 * JSON objects found in a model's free-text answer, in order of preference: fenced blocks
 * (```json … ```) first, then balanced `{…}` spans anywhere in the prose.
 * @example jsonObjectCandidates('Sure! {"winner":"essay_a"}') // [{ winner: "essay_a" }]
 */
export function jsonObjectCandidates(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const consider = (raw: string) => {
    const trimmed = raw.trim();
    if (seen.has(trimmed)) return;
    seen.add(trimmed);
    const value = tryParse(trimmed);
    if (isPlainObject(value)) found.push(value);
  };
  for (const match of text.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) {
    const body = match[1] ?? "";
    consider(body);
    for (const span of balancedObjectSpans(body)) consider(span);
  }
  for (const span of balancedObjectSpans(text)) consider(span);
  return found;
}

function tryParse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Every `{` starts a candidate; its span ends at the brace that balances it, skipping braces inside strings.
function balancedObjectSpans(text: string): string[] {
  const spans: string[] = [];
  for (let start = text.indexOf("{"); start !== -1; start = text.indexOf("{", start + 1)) {
    const end = matchingBrace(text, start);
    if (end !== -1) spans.push(text.slice(start, end + 1));
  }
  return spans;
}

function matchingBrace(text: string, start: number): number {
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
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i;
  }
  return -1;
}
