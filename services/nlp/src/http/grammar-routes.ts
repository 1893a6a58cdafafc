import type { Hono } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { GrammarCheckRequestSchema } from "@shared/contracts/grammar.ts";
import { summariseIssues } from "../domain/grammar-issues.ts";
import { grammarCheckerFor, type GrammarChecker } from "../grammar/grammar-checker.ts";

export interface GrammarRoutesDeps {
  readonly checkers: { languageTool?: GrammarChecker | undefined; harper?: GrammarChecker | undefined };
  readonly logger: Logger;
}

/** POST /internal/v1/check: grammar issues of a text with offsets, rule, category, message, suggestions. */
export function registerGrammarRoutes(app: Hono<AppEnv>, deps: GrammarRoutesDeps): void {
  app.post("/internal/v1/check", async (c) => {
    const request = await readJson(c, GrammarCheckRequestSchema);
    const checker = grammarCheckerFor(request.language, deps.checkers);
    if (checker === null) return c.json(summariseIssues(request.language, "none", [], request.categories));
    try {
      const issues = await checker.check(request.text, request.language);
      return c.json(summariseIssues(request.language, checker.name, issues, request.categories));
    } catch (err) {
      deps.logger.warn("grammar check failed", { checker: checker.name, error: err, correlation_id: c.var.correlationId });
      throw new HuleEduError("EXTERNAL_SERVICE_ERROR", `The ${checker.name} grammar checker failed`, { checker: checker.name });
    }
  });
}
