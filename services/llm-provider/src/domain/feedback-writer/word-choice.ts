import type { Language } from "@shared/contracts/enums.ts";
import type { QuotedSpan } from "@shared/contracts/feedback.ts";

/** A vague word or a learner's set phrase in the essay, with a more precise wording for it. */
export interface WordChoice {
  readonly span: QuotedSpan;
  readonly kind: "vocabulary" | "phraseology";
  readonly better: string;
}

type Entry = readonly [pattern: string, better: string];

// Everyday words that say little (vocabulary) and set phrases learners overuse or build wrongly
// (phraseology), each with a wording a teacher would suggest. Matched case-insensitively, whole words.
const VAGUE: Record<Language, readonly Entry[]> = {
  en: [
    ["good", "valuable"], ["bad", "harmful"], ["things", "aspects"], ["thing", "aspect"], ["stuff", "material"],
    ["nice", "pleasant"], ["big", "significant"], ["get", "obtain"], ["really", "truly"],
    ["very important", "essential"], ["very good", "excellent"], ["very bad", "terrible"], ["very big", "enormous"],
    ["very hard", "demanding"], ["very happy", "delighted"], ["huge", "considerable"],
  ],
  sv: [
    ["bra", "värdefull"], ["dålig", "skadlig"], ["dåligt", "skadligt"], ["saker", "aspekter"], ["grejer", "saker"],
    ["grej", "sak"], ["jättebra", "utmärkt"], ["jättemycket", "väldigt mycket"], ["typ", "till exempel"],
    ["massa", "många"], ["kul", "roligt"], ["stor", "betydande"], ["fick", "erhöll"],
  ],
};

const PHRASES: Record<Language, readonly Entry[]> = {
  en: [
    ["a lot of", "many"], ["lots of", "many"], ["more better", "better"], ["more easier", "easier"], ["kind of", "somewhat"],
    ["in my opinion i think", "I think"], ["i think that in my opinion", "I think"], ["and so on", "for example"],
    ["etc", "for example"], ["the most best", "the best"], ["so much important", "so important"], ["make a decision by themselves", "decide for themselves"],
    ["in nowadays", "nowadays"], ["all the people", "everyone"], ["for example like", "for example"], ["because of that reason", "for that reason"],
    ["the people", "people"], ["it is mean", "it means"], ["could of", "could have"], ["should of", "should have"], ["would of", "would have"],
  ],
  sv: [
    ["och så vidare", "till exempel"], ["osv", "till exempel"], ["mer bättre", "bättre"], ["mest bäst", "bäst"], ["asså", "alltså"],
    ["liksom", "på sätt och vis"], ["i min åsikt", "enligt min åsikt"], ["jag tycker att jag tycker", "jag tycker"],
    ["göra en skillnad", "göra skillnad"], ["ta en beslut", "fatta ett beslut"], ["en massa", "många"],
  ],
};

function patternFor(phrase: string): RegExp {
  const body = phrase.split(" ").map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+");
  return new RegExp(`(?<!\\p{L})${body}(?!\\p{L})`, "giu");
}

const COMPILED = new Map<string, RegExp>();
const compiled = (phrase: string) => {
  let re = COMPILED.get(phrase);
  if (!re) COMPILED.set(phrase, (re = patternFor(phrase)));
  re.lastIndex = 0;
  return re;
};

/** Keep the writer's capitalisation: "Good" becomes "Valuable". */
const matchCase = (found: string, better: string) => (/^\p{Lu}/u.test(found) ? better.replace(/^\p{L}/u, (c) => c.toUpperCase()) : better);

/**
 * Vague words and set phrases in text order (a phrase wins over the words inside it).
 * @example wordChoices("It was a lot of good fun.", "en").map((c) => c.better) // ["many", "valuable"]
 */
export function wordChoices(essay: string, language: Language): WordChoice[] {
  const found: WordChoice[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  const scan = (entries: readonly Entry[], kind: WordChoice["kind"]) => {
    // Longer phrases first so "very good" is matched before "good".
    for (const [phrase, better] of [...entries].sort((a, b) => b[0].length - a[0].length)) {
      for (const m of essay.matchAll(compiled(phrase))) {
        const start = m.index ?? 0;
        const end = start + m[0].length;
        if (overlaps(start, end)) continue;
        taken.push([start, end]);
        found.push({ span: { text: m[0], start, end }, kind, better: matchCase(m[0], better) });
      }
    }
  };
  scan(PHRASES[language], "phraseology");
  scan(VAGUE[language], "vocabulary");
  return found.sort((a, b) => a.span.start - b.span.start);
}
