import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const SAMPLES = resolve(import.meta.dir, "../../../samples");

export const sampleEssays = (): { name: string; text: string }[] =>
  readdirSync(join(SAMPLES, "essays")).filter((f) => f.endsWith(".txt")).sort().map((name) => ({ name, text: readFileSync(join(SAMPLES, "essays", name), "utf8") }));

export const samplePrompt = (): string => readFileSync(join(SAMPLES, "prompt.txt"), "utf8");

export const sampleAnchors = (): { grade: string; text: string }[] =>
  (["a", "c", "e"] as const).map((g) => ({ grade: g.toUpperCase(), text: readFileSync(join(SAMPLES, "anchors", `anchor-${g}.txt`), "utf8") }));
