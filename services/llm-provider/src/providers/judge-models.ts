import type { Language } from "@shared/contracts/enums.ts";
import english from "../domain/judge-coefficients/en.json";
import swedish from "../domain/judge-coefficients/sv.json";
import { type JudgeModel, judgeModelFrom, parseJudgeCoefficients } from "../domain/judge-model.ts";

const models = new Map<Language, JudgeModel>();

/**
 * The fitted judge for a language (coefficients written by scripts/fit-judge/fit-judge.ts), parsed
 * and checked once per process.
 * @example judgeModelFor("en").ability(profile)
 */
export function judgeModelFor(language: Language): JudgeModel {
  let model = models.get(language);
  if (!model) {
    model = judgeModelFrom(parseJudgeCoefficients(language === "sv" ? swedish : english));
    models.set(language, model);
  }
  return model;
}
