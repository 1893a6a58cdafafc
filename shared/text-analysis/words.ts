import type { Language } from "@shared/contracts/enums.ts";

const WORD = /\p{L}+(?:['’-]\p{L}+)*/gu;

/** Words of a text in order, apostrophes normalised to `'`. */
export function wordsOf(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.replace(/’/g, "'"));
}

/**
 * Paragraphs: blocks separated by blank lines, or by single line breaks when there are no blank
 * lines. Text with no line breaks at all (pasted from a form that folded them) keeps its paragraph
 * breaks as runs of three or more spaces after the end of a sentence.
 */
export function paragraphsOf(text: string): string[] {
  const blocks = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  if (blocks.length > 1) return blocks;
  const lines = text.split(/\n/).map((p) => p.trim()).filter(Boolean);
  if (lines.length > 1) return lines;
  const folded = text.split(/(?<=[.!?…]["”’)]?) {3,}(?=\S)/).map((p) => p.trim()).filter(Boolean);
  return folded.length > 1 ? folded : blocks;
}

/** Sentences: split after . ! ? (and at paragraph ends). */
export function sentencesOf(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?…]["”’)]?)\s+(?=\S)/)
    .map((s) => s.trim())
    .filter((s) => wordsOf(s).length > 0);
}

const STOPWORDS: Record<Language, ReadonlySet<string>> = {
  en: new Set(
    ("a about above after again against all also am an and any are as at be because been before being below " +
      "between both but by can could did do does doing down during each few for from further had has have having " +
      "he her here hers herself him himself his how i if in into is it its itself just me more most my myself no " +
      "nor not now of off on once only or other our ours ourselves out over own same she should so some such than " +
      "that the their theirs them themselves then there these they this those through to too under until up very " +
      "was we were what when where which while who whom why will with would you your yours yourself yourselves " +
      "one many much may might must shall us it's don't can't i'm " +
      // Words every assignment uses about itself, not about its topic.
      "essay essays write writing written text words word paragraph paragraphs discuss describe explain answer " +
      "question task student students use using include including least").split(" "),
  ),
  sv: new Set(
    ("och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man " +
      "när år säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara hade alla " +
      "andra mycket än här då sedan över bara in blir upp även vad få två vill ha många hur mer går sitt du " +
      "honom henne hans hennes deras dem dessa detta denna vilken vilket vilka eftersom utan mellan genom inom " +
      "min mitt mina din ditt dina vår vårt våra er ert era sina sitt sådan sådant sådana hos åt oss mig dig " +
      // Words every assignment uses about itself.
      "text texten uppsats uppsatsen skriv skriva skriver ord ordet stycke stycken fråga frågan uppgift uppgiften " +
      "elev elever använd använda minst").split(" "),
  ),
};

const SUFFIXES: Record<Language, readonly string[]> = {
  en: ["ational", "ization", "fulness", "ousness", "iveness", "ingly", "ments", "ation", "ness", "ment", "ings",
    "ies", "ing", "ers", "est", "ed", "er", "ly", "es", "s"],
  sv: ["heterna", "arnas", "ernas", "ornas", "heten", "arna", "erna", "orna", "ande", "ende", "aste", "het",
    "ades", "are", "ast", "ade", "ad", "at", "en", "et", "ar", "er", "or", "na", "as", "a", "e", "s", "t"],
};

/** A crude stem: strip the longest known suffix that leaves at least four letters. */
export function stemOf(word: string, language: Language): string {
  const lower = word.toLowerCase();
  for (const suffix of SUFFIXES[language]) {
    if (lower.endsWith(suffix) && lower.length - suffix.length >= 4) return lower.slice(0, -suffix.length);
  }
  return lower;
}

/** Stems of the words that carry topic: no stopwords, no very short words. */
export function contentStems(text: string, language: Language): Set<string> {
  const stems = new Set<string>();
  for (const word of wordsOf(text)) {
    const lower = word.toLowerCase();
    if (lower.length < 3 || STOPWORDS[language].has(lower)) continue;
    stems.add(stemOf(lower, language));
  }
  return stems;
}
