import type { Language } from "@shared/contracts/enums.ts";
import type { FeedbackDimension } from "@shared/contracts/feedback.ts";
import type { SignalName } from "./signals.ts";

type Numbers = { value: string; expected: string };
type Said = (n: Numbers) => string;

export interface Phrasebook {
  /** Why a dimension is a focus area, in general terms. */
  readonly advice: Record<FeedbackDimension, string>;
  /** What one measured shortfall means, with the essay's value and the expectation. */
  readonly measured: Partial<Record<SignalName, Said>>;
  readonly strength: Record<FeedbackDimension, string>;
  readonly nextStep: Record<FeedbackDimension, string>;
  readonly examplesIntro: string;
  readonly strengthsIntro: string;
  readonly focusIntro: string;
  readonly nextStepIntro: string;
}

const EN: Phrasebook = {
  advice: {
    development: "Develop your ideas further: explain each point and support it with an example.",
    organisation: "Give each main idea its own paragraph, so the reader can follow the structure.",
    cohesion: "Link your sentences and paragraphs so the reader sees how one idea leads to the next.",
    syntax: "Vary and control your sentences: split run-on sentences and join very short ones.",
    vocabulary: "Choose more precise words instead of general everyday ones.",
    phraseology: "Use natural word combinations and set phrases the way fluent writers do.",
    grammar: "Check the grammar of each sentence: verb forms, agreement and word order.",
    conventions: "Proofread for spelling, capital letters and punctuation.",
    relevance: "Keep every paragraph tied to the question the prompt asks.",
  },
  measured: {
    spelling_corrections_per_100_words: (n) => `About ${n.value} in 100 words were misspelled; a typical essay here has ${n.expected}.`,
    spelling_error_rate: (n) => `About ${n.value} in 100 words are not in the dictionary; a typical essay has ${n.expected}.`,
    lowercase_start_share: (n) => `${n.value}% of your sentences start with a small letter (typical: ${n.expected}%).`,
    lowercase_i_rate: () => `You often write "i" where English needs a capital "I".`,
    unpunctuated_paragraph_share: () => "Some paragraphs end without a full stop.",
    grammar_issues_per_100_words: (n) => `The grammar check found ${n.value} issues per 100 words; a typical essay here has ${n.expected}.`,
    issues_grammar_per_100_words: (n) => `The grammar check found ${n.value} errors in word forms or agreement per 100 words; a typical essay here has ${n.expected}.`,
    issues_punctuation_per_100_words: (n) => `The grammar check found ${n.value} punctuation problems per 100 words; a typical essay here has ${n.expected}.`,
    issues_typography_per_100_words: (n) => `The grammar check found ${n.value} capitalisation or spacing problems per 100 words; a typical essay here has ${n.expected}.`,
    repeated_word_rate: () => "Some words are repeated by mistake (\"the the\").",
    mean_sentence_length: (n) => `Your sentences average ${n.value} words; a typical essay here has ${n.expected}.`,
    long_sentence_share: (n) => `${n.value}% of your sentences run past 40 words (typical: ${n.expected}%).`,
    subordinators_per_sentence: () => "You rarely use linked clauses (because, although, which).",
    commas_per_sentence: () => "Your sentences rarely have more than one part.",
    sentence_length_sd: () => "Your sentences are all of about the same length and shape.",
    connectives_per_sentence: (n) => `You use ${n.value} linking words per sentence; a typical essay here has ${n.expected}.`,
    distinct_connectives: () => "You use only a few different linking words.",
    adjacent_sentence_overlap: () => "Consecutive sentences seldom pick up each other's key words.",
    mtld: () => "You repeat the same words more often than your classmates do.",
    hdd: () => "Your range of words is narrower than is typical for this class.",
    mattr: () => "Your range of words is narrower than is typical for this class.",
    mean_zipf: () => "Most of your words are very common ones.",
    rare_word_share: () => "You use few less common, precise words.",
    long_word_share: () => "You use few longer, more specific words.",
    word_choice_per_100_words: () => "Several everyday words or set phrases could be more precise.",
    lexical_density: () => "Many of your words are small function words rather than content words.",
    log_words: (n) => `Your essay has ${n.value} words; a typical essay here has about ${n.expected}.`,
    words_per_paragraph: (n) => `Your paragraphs average ${n.value} words; a typical one here has ${n.expected}.`,
    prompt_coverage: () => "Your essay takes up few of the key words of the prompt.",
  },
  strength: {
    development: "You develop your ideas in detail.",
    organisation: "Your essay has a clear structure with a conclusion.",
    cohesion: "You link your ideas with connecting words.",
    syntax: "You write well-built sentences with more than one part.",
    vocabulary: "You use precise, less common words.",
    phraseology: "You use natural, precise wording.",
    grammar: "You write grammatically correct sentences.",
    conventions: "Your spelling and punctuation are careful.",
    relevance: "You keep to the question the prompt asks.",
  },
  nextStep: {
    development: "Pick your two main points and add two sentences to each: one explaining why, one with an example.",
    organisation: "Write one sentence that sums up each paragraph; if two sentences belong to one paragraph, merge or split accordingly.",
    cohesion: "Underline the first word of every sentence in one paragraph, then add a linking word (however, therefore, for example) where the connection is not clear.",
    syntax: "Take your three longest sentences and split each into two; then join two of your shortest ones with because or although.",
    vocabulary: "Circle five general words (good, things, big …) and replace each with a more precise one.",
    phraseology: "Find the phrases marked above and rewrite each one; then read the paragraph aloud to hear whether it sounds natural.",
    grammar: "Read one paragraph aloud slowly and check the verb in every sentence: does it agree with its subject and fit the time?",
    conventions: "Proofread one paragraph at a time: first the spelling, then capital letters, then the punctuation at the end of each sentence.",
    relevance: "Reread the prompt, then write one sentence at the start of each paragraph that shows how it answers the question.",
  },
  examplesIntro: "For example",
  strengthsIntro: "What works well",
  focusIntro: "What to work on",
  nextStepIntro: "Next step",
};

const SV: Phrasebook = {
  advice: {
    development: "Utveckla dina tankar: förklara varje poäng och stöd den med ett exempel.",
    organisation: "Ge varje huvudtanke ett eget stycke så att läsaren kan följa strukturen.",
    cohesion: "Bind ihop meningar och stycken så att läsaren ser hur en tanke leder till nästa.",
    syntax: "Variera och kontrollera meningarna: dela upp för långa meningar och bind ihop mycket korta.",
    vocabulary: "Välj mer precisa ord i stället för allmänna vardagsord.",
    phraseology: "Använd naturliga ordkombinationer och fasta uttryck så som vana skribenter gör.",
    grammar: "Kontrollera grammatiken i varje mening: verbformer, böjning och ordföljd.",
    conventions: "Korrekturläs stavning, stor bokstav och skiljetecken.",
    relevance: "Håll varje stycke kopplat till frågan i uppgiften.",
  },
  measured: {
    spelling_corrections_per_100_words: (n) => `Ungefär ${n.value} av 100 ord var felstavade; en typisk text här har ${n.expected}.`,
    spelling_error_rate: (n) => `Ungefär ${n.value} av 100 ord finns inte i ordlistan; en typisk text har ${n.expected}.`,
    lowercase_start_share: (n) => `${n.value} % av dina meningar börjar med liten bokstav (typiskt: ${n.expected} %).`,
    unpunctuated_paragraph_share: () => "Några stycken slutar utan punkt.",
    grammar_issues_per_100_words: (n) => `Grammatikkontrollen hittade ${n.value} fel per 100 ord; en typisk text här har ${n.expected}.`,
    issues_grammar_per_100_words: (n) => `Grammatikkontrollen hittade ${n.value} fel i böjning eller kongruens per 100 ord; en typisk text här har ${n.expected}.`,
    issues_punctuation_per_100_words: (n) => `Grammatikkontrollen hittade ${n.value} skiljeteckenfel per 100 ord; en typisk text här har ${n.expected}.`,
    issues_typography_per_100_words: (n) => `Grammatikkontrollen hittade ${n.value} fel i stor bokstav eller mellanrum per 100 ord; en typisk text här har ${n.expected}.`,
    repeated_word_rate: () => "Några ord är upprepade av misstag (\"att att\").",
    mean_sentence_length: (n) => `Dina meningar har i snitt ${n.value} ord; en typisk text här har ${n.expected}.`,
    long_sentence_share: (n) => `${n.value} % av dina meningar är längre än 40 ord (typiskt: ${n.expected} %).`,
    commas_per_sentence: () => "Dina meningar har sällan mer än en del.",
    sentence_length_sd: () => "Dina meningar är nästan alla lika långa och byggda på samma sätt.",
    connectives_per_sentence: (n) => `Du använder ${n.value} sambandsord per mening; en typisk text här har ${n.expected}.`,
    distinct_connectives: () => "Du använder bara några få olika sambandsord.",
    adjacent_sentence_overlap: () => "Meningarna tar sällan upp varandras nyckelord.",
    mtld: () => "Du upprepar samma ord oftare än dina klasskamrater.",
    hdd: () => "Ditt ordförråd är smalare än vad som är typiskt i klassen.",
    mattr: () => "Ditt ordförråd är smalare än vad som är typiskt i klassen.",
    long_word_share: () => "Du använder få längre, mer specifika ord.",
    word_choice_per_100_words: () => "Flera vardagsord eller uttryck kunde vara mer precisa.",
    lexical_density: () => "Många av dina ord är småord snarare än innehållsord.",
    log_words: (n) => `Din text har ${n.value} ord; en typisk text här har ungefär ${n.expected}.`,
    words_per_paragraph: (n) => `Dina stycken har i snitt ${n.value} ord; ett typiskt stycke här har ${n.expected}.`,
    prompt_coverage: () => "Texten tar upp få av uppgiftens nyckelord.",
  },
  strength: {
    development: "Du utvecklar dina tankar utförligt.",
    organisation: "Texten har en tydlig struktur med en avslutning.",
    cohesion: "Du binder ihop dina tankar med sambandsord.",
    syntax: "Du skriver välbyggda meningar med flera led.",
    vocabulary: "Du använder precisa och mindre vanliga ord.",
    phraseology: "Du formulerar dig naturligt och precist.",
    grammar: "Du skriver grammatiskt korrekta meningar.",
    conventions: "Din stavning och dina skiljetecken är noggranna.",
    relevance: "Du håller dig till frågan i uppgiften.",
  },
  nextStep: {
    development: "Välj dina två viktigaste poänger och skriv två meningar till om varje: en som förklarar varför och en med ett exempel.",
    organisation: "Skriv en mening som sammanfattar varje stycke; hör två tankar ihop, slå ihop styckena, annars dela upp dem.",
    cohesion: "Stryk under första ordet i varje mening i ett stycke och lägg till ett sambandsord (därför, däremot, till exempel) där kopplingen är otydlig.",
    syntax: "Dela dina tre längsta meningar i två var; bind sedan ihop två av de kortaste med eftersom eller men.",
    vocabulary: "Ringa in fem allmänna ord (bra, saker, stor …) och byt ut vart och ett mot ett mer precist ord.",
    phraseology: "Skriv om uttrycken ovan och läs sedan stycket högt för att höra om det låter naturligt.",
    grammar: "Läs ett stycke högt, långsamt, och kontrollera verbet i varje mening: har det rätt form och tid?",
    conventions: "Korrekturläs ett stycke i taget: först stavningen, sedan stor bokstav, sist skiljetecknet i slutet av varje mening.",
    relevance: "Läs uppgiften igen och skriv en mening i början av varje stycke som visar hur det svarar på frågan.",
  },
  examplesIntro: "Till exempel",
  strengthsIntro: "Det här fungerar bra",
  focusIntro: "Det här kan du utveckla",
  nextStepIntro: "Nästa steg",
};

export const PHRASEBOOKS: Record<Language, Phrasebook> = { en: EN, sv: SV };

/** Signals shown as percentages or as rates per 100 words, for the numbers in the sentences above. */
const PERCENT: ReadonlySet<SignalName> = new Set(["lowercase_start_share", "long_sentence_share"]);
const PER_100: ReadonlySet<SignalName> = new Set(["spelling_error_rate"]);

/** A signal's value as the sentences say it: words, not logarithms; percentages; one decimal at most. */
export function shown(signal: SignalName, value: number): string {
  const x = signal === "log_words" ? Math.exp(value) : PERCENT.has(signal) ? 100 * value : PER_100.has(signal) ? 100 * value : value;
  const rounded = Math.abs(x) >= 10 ? Math.round(x) : Math.round(x * 10) / 10;
  return String(rounded);
}
