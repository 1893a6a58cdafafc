// GNU aspell's first suggestion for each word, when Debian's `aspell` and `aspell-en` are installed.
import { $ } from "bun";

/** First suggestion per word (the word itself when aspell accepts it); null when aspell is absent. */
export async function aspellFirstSuggestions(words: readonly string[], language: "en" | "sv"): Promise<Map<string, string> | null> {
  const found = await $`which aspell`.quiet().nothrow();
  if (found.exitCode !== 0) return null;
  // "^" makes aspell read each line as text, never as a command.
  const input = words.map((w) => `^${w}`).join("\n") + "\n";
  const run = await $`aspell -a --lang=${language} --sug-mode=normal < ${new Response(input)}`.quiet().nothrow();
  if (run.exitCode !== 0) return null;
  const out = new Map<string, string>();
  let index = 0;
  for (const line of run.stdout.toString().split("\n").slice(1)) {
    if (line === "") {
      index++;
      continue;
    }
    const word = words[index];
    if (word === undefined || out.has(word)) continue;
    if (line === "*" || line.startsWith("+") || line.startsWith("-")) out.set(word, word);
    else if (line.startsWith("&")) out.set(word, line.split(": ")[1]?.split(", ")[0] ?? word);
    else if (line.startsWith("#")) out.set(word, word);
  }
  return out;
}
