import type { Language } from "@shared/contracts/enums.ts";
import type { FeedbackDimension, QuotedSpan } from "@shared/contracts/feedback.ts";
import { countConnectives } from "@shared/text-analysis/connectives.ts";
import type { SentenceSpan } from "./text-spans.ts";

export interface StrengthSources {
  readonly language: Language;
  readonly sentences: readonly SentenceSpan[];
  /** Spans with a known error (misspellings, grammar findings, word choices): never quoted as a strength. */
  readonly flawed: readonly QuotedSpan[];
}

const SUBORDINATORS: Record<Language, RegExp> = {
  en: /(?<!\p{L})(because|although|which|who|when|while|if|since|whereas|unless)(?!\p{L})/iu,
  sv: /(?<!\p{L})(eftersom|fastän|som|när|medan|om|därför att|trots att|även om)(?!\p{L})/iu,
};

const clean = (src: StrengthSources, s: SentenceSpan) =>
  /^["“'(]?\p{Lu}/u.test(s.text) && /[.!?…]["”’)]?$/.test(s.text) && !src.flawed.some((f) => f.start < s.end && f.end > s.start);

const longestWord = (s: SentenceSpan) => Math.max(0, ...(s.text.match(/\p{L}+/gu) ?? []).map((w) => w.length));

/**
 * The sentence that best shows a strength in a dimension, free of any known error; null when none does.
 * @example strengthQuote("cohesion", { language: "en", sentences, flawed: [] })?.text
 */
export function strengthQuote(dimension: FeedbackDimension, src: StrengthSources): SentenceSpan | null {
  const ok = src.sentences.filter((s) => s.words >= 5 && s.words <= 40 && clean(src, s));
  const first = (xs: readonly SentenceSpan[]) => xs[0] ?? null;
  switch (dimension) {
    case "vocabulary":
    case "phraseology":
      return first([...ok].filter((s) => longestWord(s) >= 9).sort((a, b) => longestWord(b) - longestWord(a)));
    case "cohesion":
      return first(ok.filter((s) => countConnectives(s.text.toLowerCase(), src.language).total > 0));
    case "syntax":
      return first(ok.filter((s) => s.words >= 12 && (SUBORDINATORS[src.language].test(s.text) || s.text.includes(","))));
    case "organisation": {
      const last = src.sentences.at(-1)?.paragraph ?? 0;
      return last >= 2 ? first(ok.filter((s) => s.paragraph === last)) : null;
    }
    case "development":
      return first([...ok].filter((s) => s.words >= 12).sort((a, b) => b.words - a.words));
    case "grammar":
    case "conventions":
    case "relevance":
      return first([...ok].filter((s) => s.words >= 8).sort((a, b) => b.words - a.words));
  }
}
