import type { Language } from "@shared/contracts/enums.ts";
import type { EssayFeatures } from "./essay-features.ts";
import type { FeedbackResult, FeedbackTask } from "./feedback.ts";

/** What the feedback is written from: NLP metrics where given, our own measurements otherwise. */
interface Observed {
  words: number;
  paragraphs: number;
  meanSentence: number;
  diversity: number;
  spellingRate: number;
  longShare: number;
  coverage: number | null;
  mechanicsRate: number;
}

type Phrase = (o: Observed, task: FeedbackTask) => string;

interface Phrases {
  opening: (o: Observed) => string;
  praise: Partial<Record<Aspect, Phrase>>;
  advice: Record<Aspect, Phrase>;
  /** Said when no aspect is weak. */
  nextStep: string;
  closing: string;
}

type Aspect = "spelling" | "vocabulary" | "length" | "sentences" | "paragraphs" | "relevance" | "mechanics";

const examplesOf = (task: FeedbackTask) =>
  task.corrections.examples
    .slice(0, 3)
    .map((c) => `"${c.original}" → "${c.replacement}"`)
    .join(", ");

const PHRASES: Record<Language, Phrases> = {
  en: {
    opening: (o) => `Your essay has ${o.words} words in ${o.paragraphs} paragraph${o.paragraphs === 1 ? "" : "s"}.`,
    praise: {
      spelling: () => "Your spelling is accurate, which makes the text easy to read.",
      vocabulary: () => "You use a varied vocabulary and rarely repeat yourself.",
      length: () => "You develop your ideas at a good length.",
      sentences: () => "Your sentences are well controlled and easy to follow.",
      paragraphs: () => "Your paragraphs give the essay a clear structure.",
      relevance: () => "You stay close to the prompt and answer what it asks.",
    },
    advice: {
      spelling: (o, t) =>
        `Check your spelling: about ${Math.round(o.spellingRate * 100)} in 100 words needed correcting` +
        (t.corrections.examples.length ? ` (for example ${examplesOf(t)}).` : "."),
      vocabulary: () => "Try to vary your word choice; look for synonyms for the words you use most often.",
      length: () => "Develop your ideas further with examples and explanations; the essay is quite short.",
      sentences: (o) =>
        o.meanSentence > 24 || o.longShare > 0.2
          ? "Some sentences are very long; split them so each one carries one main idea."
          : "Many sentences are very short; combine some of them with linking words such as because, although or therefore.",
      paragraphs: () => "Divide the text into paragraphs, one main idea each, with an introduction and a conclusion.",
      relevance: () => "Return to the prompt and make sure each paragraph helps answer its question.",
      mechanics: () => "Start every sentence with a capital letter and end it with a full stop.",
    },
    nextStep: "To take the essay further, deepen your argument with a counter-argument and a precise example.",
    closing: "Keep these points in mind when you revise, and read your text aloud once before handing it in.",
  },
  sv: {
    opening: (o) => `Din text har ${o.words} ord i ${o.paragraphs} stycke${o.paragraphs === 1 ? "" : "n"}.`,
    praise: {
      spelling: () => "Din stavning är säker, vilket gör texten lätt att läsa.",
      vocabulary: () => "Du använder ett varierat ordförråd och upprepar dig sällan.",
      length: () => "Du utvecklar dina tankar i lagom omfång.",
      sentences: () => "Dina meningar är väl avvägda och lätta att följa.",
      paragraphs: () => "Dina stycken ger texten en tydlig struktur.",
      relevance: () => "Du håller dig nära uppgiften och svarar på det den frågar efter.",
    },
    advice: {
      spelling: (o, t) =>
        `Se över stavningen: ungefär ${Math.round(o.spellingRate * 100)} av 100 ord behövde rättas` +
        (t.corrections.examples.length ? ` (till exempel ${examplesOf(t)}).` : "."),
      vocabulary: () => "Variera ordvalet; leta efter synonymer till de ord du använder oftast.",
      length: () => "Utveckla dina resonemang med exempel och förklaringar; texten är ganska kort.",
      sentences: (o) =>
        o.meanSentence > 24 || o.longShare > 0.2
          ? "Vissa meningar är mycket långa; dela upp dem så att varje mening bär en huvudtanke."
          : "Många meningar är mycket korta; bind ihop några med ord som eftersom, men eller därför.",
      paragraphs: () => "Dela in texten i stycken med en huvudtanke var, med inledning och avslutning.",
      relevance: () => "Gå tillbaka till uppgiften och se till att varje stycke hjälper till att besvara den.",
      mechanics: () => "Börja varje mening med stor bokstav och avsluta den med punkt.",
    },
    nextStep: "För att utveckla texten ytterligare, fördjupa resonemanget med ett motargument och ett konkret exempel.",
    closing: "Tänk på detta när du bearbetar texten, och läs den högt en gång innan du lämnar in.",
  },
};

function observe(task: FeedbackTask, f: EssayFeatures): Observed {
  const m = task.metrics;
  const words = m.word_count ?? f.wordCount;
  return {
    words,
    paragraphs: m.paragraph_count ?? f.paragraphCount,
    meanSentence: m.mean_sentence_length ?? f.meanSentenceLength,
    // Our moving-window ratio, not a plain type-token ratio: it does not fall with essay length.
    diversity: f.lexicalDiversity,
    // The spellchecker's corrections are the authority on spelling when it has run.
    spellingRate: words > 0 ? task.corrections.total / words : f.spellingErrorRate,
    longShare: f.longSentenceShare,
    coverage: f.promptCoverage,
    mechanicsRate: f.mechanicsErrorRate,
  };
}

/** 0..1 per aspect, higher is better; thresholds decide praise (≥ 0.8) and advice (< 0.6). */
function aspectScores(o: Observed): Record<Aspect, number> {
  const sentenceDistance = o.meanSentence < 10 ? 10 - o.meanSentence : o.meanSentence > 24 ? o.meanSentence - 24 : 0;
  return {
    spelling: Math.exp(-25 * o.spellingRate),
    vocabulary: Math.min(1, Math.max(0, (o.diversity - 0.55) / 0.3)),
    length: 1 - Math.exp(-o.words / 150),
    sentences: Math.exp(-((sentenceDistance / 6) ** 2)) * (1 - o.longShare),
    paragraphs: Math.min(1, o.paragraphs / Math.max(1, Math.round(o.words / 120))),
    relevance: o.coverage === null ? 0.7 : Math.min(1, o.coverage / 0.5),
    mechanics: Math.exp(-3 * o.mechanicsRate),
  };
}

/**
 * Write student feedback without a language model: strengths first, then the two or three
 * weakest aspects as concrete advice. Deterministic for the same input.
 * @example writeLocalFeedback(task, extractEssayFeatures(task.essay_text, "en", isCorrect))
 */
export function writeLocalFeedback(task: FeedbackTask, features: EssayFeatures): FeedbackResult {
  const phrases = PHRASES[task.language];
  const o = observe(task, features);
  const scores = Object.entries(aspectScores(o)) as [Aspect, number][];
  const strengths = scores
    .filter(([a, s]) => s >= 0.8 && phrases.praise[a])
    .sort((x, y) => y[1] - x[1])
    .slice(0, 2);
  const weaknesses = scores
    .filter(([, s]) => s < 0.6)
    .sort((x, y) => x[1] - y[1])
    .slice(0, 3);
  const lines = [phrases.opening(o)];
  for (const [aspect] of strengths) lines.push((phrases.praise[aspect] as Phrase)(o, task));
  for (const [aspect] of weaknesses) lines.push(phrases.advice[aspect](o, task));
  if (weaknesses.length === 0) lines.push(phrases.nextStep);
  lines.push(phrases.closing);
  return { feedback_text: lines.join(" ") };
}
