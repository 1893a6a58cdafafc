// `./huleedu assess-corpus` arguments → checked options (valibot). Pure.
import { parseArgs } from "node:util";
import * as v from "valibot";

const PIPELINES = ["cj_assessment", "comprehensive"] as const;

const positiveInt = (name: string, max: number) =>
  v.pipe(v.string(), v.regex(/^\d+$/, `--${name} must be a whole number`), v.transform(Number), v.minValue(1, `--${name} must be at least 1`), v.maxValue(max, `--${name} must be at most ${max}`));

const OptionsSchema = v.object({
  file: v.pipe(v.string(), v.minLength(1, "give the corpus FILE (a .csv or .tsv with essays and human scores)")),
  batches: v.optional(positiveInt("batches", 1000), "1"),
  batchSize: v.optional(positiveInt("batch-size", 500), "30"),
  pipeline: v.optional(v.picklist(PIPELINES, `--pipeline must be one of ${PIPELINES.join(", ")}`), "cj_assessment"),
  language: v.optional(v.picklist(["en", "sv"], "--language must be en or sv"), "en"),
  textCol: v.optional(v.string()),
  scoreCol: v.optional(v.string()),
  groupCol: v.optional(v.string()),
  idCol: v.optional(v.string()),
  raterCols: v.optional(v.pipe(v.string(), v.transform((s) => s.split(",").map((c) => c.trim())), v.check((c) => c.length === 2 && c.every(Boolean), "--rater-cols takes two column names, e.g. rater1_domain1,rater2_domain1"))),
  groups: v.optional(v.pipe(v.string(), v.transform((s) => s.split(",").map((g) => g.trim()).filter(Boolean)))),
  anchorsPerBand: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "--anchors-per-band must be a whole number"), v.transform(Number), v.maxValue(50)), "0"),
  maxAnchors: v.optional(positiveInt("max-anchors", 500), "50"),
  scoreRange: v.optional(v.union([
    v.picklist(["group", "file"]),
    v.pipe(v.string(), v.regex(/^-?\d+-\d+$/, "--score-range must be group, file or MIN-MAX (e.g. 1-6)"), v.transform((s) => {
      const m = /^(-?\d+)-(\d+)$/.exec(s) as RegExpExecArray;
      return { min: Number(m[1]), max: Number(m[2]) };
    }), v.check((r) => r.max > r.min, "--score-range MIN-MAX needs MAX above MIN")),
  ], "--score-range must be group, file or MIN-MAX (e.g. 1-6)")),
  scale: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, "--scale must be a grade scale id such as numeric_1_5"))),
  baseUrl: v.optional(v.pipe(v.string(), v.url("--base-url must be a URL")), "http://localhost:8080"),
  identityUrl: v.optional(v.pipe(v.string(), v.url("--identity-url must be a URL"))),
  lpsUrl: v.optional(v.pipe(v.string(), v.url("--lps-url must be a URL"))),
  dryRun: v.optional(v.boolean(), false),
  seed: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "--seed must be a whole number"), v.transform(Number)), "42"),
  timeoutMinutes: v.optional(positiveInt("timeout-minutes", 24 * 60), "30"),
});

export type RunnerOptions = v.InferOutput<typeof OptionsSchema>;

export const USAGE = `usage: ./huleedu assess-corpus FILE [options]
  --batches N            batches in all, dealt round-robin over the groups (default 1)
  --batch-size K         essays per batch, a class (default 30)
  --groups G1,G2         only these groups (e.g. ASAP prompts 2,7)
  --pipeline P           cj_assessment | comprehensive (default cj_assessment)
  --language L           en | sv (default en)
  --text-col --score-col --group-col --id-col   column names (defaults: ASAP essay/domain1_score/essay_set/essay_id,
                         or ELLIPSE full_text/Overall/prompt/text_id_kaggle when the header has full_text)
  --rater-cols R1,R2     two raters' score columns for a rater-vs-rater ρ (default ASAP's rater1_domain1,rater2_domain1)
  --anchors-per-band k   post k anchors per score band, from the group's essays in no batch (default 0: no grades)
  --max-anchors M        cap on anchors per assignment; bands are thinned evenly past it (default 50)
  --score-range R        band range: group (each group's own scores), file (all scores), or MIN-MAX
                         (default: group for ASAP's essay_set, file otherwise)
  --scale S              grade scale id for the anchors (default numeric_<min>_<max> of the group's scores)
  --base-url URL         the gateway of a running stack (default http://localhost:8080); none answering: one is started
  --identity-url URL     identity service for sign-up (default: the base URL's host on port 7005)
  --lps-url URL          LLM provider, read for USD cost from /metrics (default: the base URL's host on port 8090)
  --seed N               sampling seed (default 42)
  --timeout-minutes T    per batch (default 30)
  --dry-run              plan only: batches, essays, estimated comparisons and credits; nothing is started or spent`;

/** Options from argv (after the subcommand); throws an Error with a plain message on bad input. */
export function parseRunnerOptions(argv: readonly string[]): RunnerOptions {
  const { values, positionals } = parseArgs({
    args: [...argv], allowPositionals: true, strict: true,
    options: {
      batches: { type: "string" }, "batch-size": { type: "string" }, pipeline: { type: "string" }, language: { type: "string" },
      "text-col": { type: "string" }, "score-col": { type: "string" }, "group-col": { type: "string" }, "id-col": { type: "string" }, "rater-cols": { type: "string" },
      groups: { type: "string" }, "anchors-per-band": { type: "string" }, "max-anchors": { type: "string" }, "score-range": { type: "string" }, scale: { type: "string" },
      "base-url": { type: "string" }, "identity-url": { type: "string" }, "lps-url": { type: "string" },
      "dry-run": { type: "boolean" }, seed: { type: "string" }, "timeout-minutes": { type: "string" },
    },
  });
  if (positionals.length > 1) throw new Error(`one FILE expected, got ${positionals.length}: ${positionals.join(" ")}`);
  const raw = {
    file: positionals[0] ?? "", batches: values.batches, batchSize: values["batch-size"], pipeline: values.pipeline, language: values.language,
    textCol: values["text-col"], scoreCol: values["score-col"], groupCol: values["group-col"], idCol: values["id-col"], raterCols: values["rater-cols"], groups: values.groups,
    anchorsPerBand: values["anchors-per-band"], maxAnchors: values["max-anchors"], scoreRange: values["score-range"], scale: values.scale, baseUrl: values["base-url"],
    identityUrl: values["identity-url"], lpsUrl: values["lps-url"], dryRun: values["dry-run"], seed: values.seed, timeoutMinutes: values["timeout-minutes"],
  };
  const parsed = v.safeParse(OptionsSchema, Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)));
  if (!parsed.success) throw new Error(parsed.issues.map((i) => i.message).join("; "));
  return parsed.output;
}

/** The same host as `baseUrl` on another port (sibling services of a local stack). */
export function siblingUrl(baseUrl: string, port: number): string {
  const url = new URL(baseUrl);
  url.port = String(port);
  return url.origin;
}
