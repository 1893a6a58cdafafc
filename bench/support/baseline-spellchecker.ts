// Today's corrector, for measuring beside the new one in the same run: the spellchecker's domain
// folder as it was at BASELINE_COMMIT, unpacked from git into .tmp/ (ignored) and imported from there.
import { $ } from "bun";
import path from "node:path";
import type { CorrectedText } from "../../services/spellchecker/src/domain/correct-text.ts";

/** The last commit before the frequency-ranked corrector (override with SPELLING_BASELINE_COMMIT). */
export const BASELINE_COMMIT = process.env.SPELLING_BASELINE_COMMIT ?? "dd0b2cb";

export interface BaselineCorrector {
  readonly correct: (text: string) => CorrectedText;
}

interface BaselineModules {
  correctText: (text: string, speller: unknown) => CorrectedText;
  loadSpeller: (language: "en" | "sv") => Promise<unknown>;
}

/** Null when git or the commit is not available (e.g. a source export without history). */
export async function loadBaselineCorrector(repoRoot: string, language: "en" | "sv"): Promise<BaselineCorrector | null> {
  const target = path.join(repoRoot, ".tmp", `baseline-spellchecker-${BASELINE_COMMIT}`);
  const domain = path.join(target, "services/spellchecker/src/domain");
  try {
    if (!(await Bun.file(path.join(domain, "correct-text.ts")).exists())) {
      await $`mkdir -p ${target} && git -C ${repoRoot} archive ${BASELINE_COMMIT} services/spellchecker/src/domain | tar -x -C ${target}`.quiet();
    }
    const modules = {
      ...(await import(path.join(domain, "correct-text.ts"))),
      ...(await import(path.join(domain, "dictionaries.ts"))),
    } as BaselineModules;
    const speller = await modules.loadSpeller(language);
    return { correct: (text) => modules.correctText(text, speller) };
  } catch (err) {
    console.warn(`baseline corrector unavailable (${BASELINE_COMMIT}): ${String(err)}`);
    return null;
  }
}
