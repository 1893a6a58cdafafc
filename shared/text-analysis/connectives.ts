import type { Language } from "../contracts/enums.ts";

// Discourse connectives that signal how ideas relate (addition, contrast, cause, sequence, example,
// conclusion): the cohesion devices writing rubrics reward. Multi-word ones are matched as phrases.
const CONNECTIVES: Record<Language, readonly string[]> = {
  en: [
    "however", "therefore", "moreover", "furthermore", "additionally", "consequently", "nevertheless",
    "nonetheless", "thus", "hence", "meanwhile", "otherwise", "instead", "similarly", "likewise",
    "although", "though", "whereas", "unless", "because", "since", "while", "despite", "besides",
    "first", "firstly", "second", "secondly", "third", "thirdly", "finally", "lastly", "overall",
    "for example", "for instance", "in addition", "on the other hand", "in conclusion", "as a result",
    "in contrast", "in fact", "such as", "in other words", "to sum up", "in summary", "even though",
    "as well as", "due to", "so that", "not only", "rather than", "in order to", "after all",
  ],
  sv: [
    "därför", "dessutom", "däremot", "alltså", "således", "emellertid", "eftersom", "fastän", "trots",
    "medan", "samtidigt", "slutligen", "först", "sedan", "till sist", "till exempel", "å andra sidan",
    "å ena sidan", "sammanfattningsvis", "i stället", "istället", "därmed", "likaså", "även om",
    "på grund av", "för att", "så att", "som exempel", "framför allt", "till slut", "avslutningsvis",
    "visserligen", "ändå", "nämligen", "dock", "annars", "dels",
  ],
};

const PATTERNS: Record<Language, readonly RegExp[]> = {
  en: CONNECTIVES.en.map(phrasePattern),
  sv: CONNECTIVES.sv.map(phrasePattern),
};

function phrasePattern(phrase: string): RegExp {
  return new RegExp(`(?<![\\p{L}])${phrase}(?![\\p{L}])`, "gu");
}

/**
 * Connectives in a lowercased text: total occurrences and distinct ones.
 * @example countConnectives("however, it rained. for example, …", "en") // { total: 2, distinct: 2 }
 */
export function countConnectives(lowercaseText: string, language: Language): { total: number; distinct: number } {
  let total = 0;
  let distinct = 0;
  for (const pattern of PATTERNS[language]) {
    const hits = lowercaseText.match(pattern)?.length ?? 0;
    total += hits;
    if (hits > 0) distinct++;
  }
  return { total, distinct };
}
