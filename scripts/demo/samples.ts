import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const SAMPLES = join(import.meta.dir, "../../samples");

export interface SampleEssay {
  fileName: string;
  text: string;
}

/** The twelve demo essays, the student prompt and the graded anchors shipped in samples/. */
export function loadSamples() {
  const essays: SampleEssay[] = readdirSync(join(SAMPLES, "essays"))
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((fileName) => ({ fileName, text: readFileSync(join(SAMPLES, "essays", fileName), "utf8") }));
  const anchors = [["anchor-a.txt", "A"], ["anchor-c.txt", "C"], ["anchor-e.txt", "E"]].map(([file, grade]) => ({
    anchor_id: (file as string).replace(".txt", ""), grade: grade as string, text: readFileSync(join(SAMPLES, "anchors", file as string), "utf8"),
  }));
  const readme = readFileSync(join(SAMPLES, "essays/README.md"), "utf8");
  // The README's table, best first: "| 1 | `03-elsa-lindqvist.txt` | …".
  const qualityOrder = [...readme.matchAll(/^\| (\d+) \| `([^`]+\.txt)`/gm)].map((m) => m[2] as string);
  return { essays, anchors, prompt: readFileSync(join(SAMPLES, "prompt.txt"), "utf8"), qualityOrder };
}

/** Spearman's rho of a ranking (best first) against the intended order; both name the same files. */
export function spearmanVsIntendedOrder(ranking: string[], intended: string[]): number {
  const n = ranking.length;
  const d2 = ranking.reduce((sum, name, i) => sum + (i - intended.indexOf(name)) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}
