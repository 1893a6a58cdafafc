import { describe, expect, test } from "bun:test";
import { batchName, decideResultsMail, decideRetentionMail, type MailRecipient, type PipelineCompletion } from "../../src/domain/batch-mails.ts";

const APP = "https://app.example/";
const teacher: MailRecipient = { userId: "u1", email: "asa@school.example", name: "Åsa", language: "sv", verified: true, notifyResultsByEmail: true };
const run: PipelineCompletion = {
  batch_id: "b-123", pipeline: "nlp", final_status: "COMPLETED_SUCCESSFULLY", failed_essay_ids: [],
  course_code: "ENG5", essay_instructions: "Write about your summer.", essay_count: 12,
};

describe("results mail", () => {
  test("a verified teacher who did not opt out gets the mail in their language, linking the batch page", () => {
    const decision = decideResultsMail(teacher, run, APP);
    if (decision.kind !== "send") throw new Error(`expected a mail, got ${decision.reason}`);
    expect(decision.mail).toEqual({
      template: "batch_results_ready", language: "sv", to: "asa@school.example", userId: "u1", dedupeKey: "results-mail:b-123:nlp",
      variables: {
        name: "Åsa", batch_name: "ENG5: Write about your summer.", results_url: "https://app.example/batches/b-123", pipeline: "nlp",
        outcome: "completed", failed_count: "0", essay_count: "12",
      },
    });
  });
  test("partly and critically failed runs are mailed with their outcome and the failed count", () => {
    const partial = decideResultsMail(teacher, { ...run, final_status: "COMPLETED_WITH_FAILURES", failed_essay_ids: ["e1", "e2"] }, APP);
    const failed = decideResultsMail(teacher, { ...run, final_status: "FAILED_CRITICALLY", failed_essay_ids: ["e1"] }, APP);
    expect(partial.kind === "send" && partial.mail.variables).toMatchObject({ outcome: "completed_with_failures", failed_count: "2" });
    expect(failed.kind === "send" && failed.mail.variables).toMatchObject({ outcome: "failed", failed_count: "1" });
  });
  test("no mail to an unverified address, to a teacher who turned results mails off, or for an unknown user", () => {
    expect(decideResultsMail({ ...teacher, verified: false }, run, APP)).toEqual({ kind: "skip", reason: "unverified" });
    expect(decideResultsMail({ ...teacher, notifyResultsByEmail: false }, run, APP)).toEqual({ kind: "skip", reason: "opted_out" });
    expect(decideResultsMail(undefined, run, APP)).toEqual({ kind: "skip", reason: "unknown_user" });
  });
  test("one dedupe key per batch and pipeline: another pipeline of the same batch is another mail", () => {
    const keys = ["nlp", "nlp", "cj_assessment"].map((pipeline) => {
      const d = decideResultsMail(teacher, { ...run, pipeline }, APP);
      return d.kind === "send" ? d.mail.dedupeKey : d.reason;
    });
    expect(keys).toEqual(["results-mail:b-123:nlp", "results-mail:b-123:nlp", "results-mail:b-123:cj_assessment"]);
  });
  test("an event without the optional batch facts still names the batch and leaves the count out", () => {
    const bare = decideResultsMail({ ...teacher, name: null, language: "en" }, { batch_id: "0123456789ab", pipeline: "spellcheck", final_status: "COMPLETED_SUCCESSFULLY", failed_essay_ids: [] }, APP);
    if (bare.kind !== "send") throw new Error("expected a mail");
    expect(bare.mail.variables).toEqual({ batch_name: "batch 01234567", results_url: "https://app.example/batches/0123456789ab", pipeline: "spellcheck", outcome: "completed", failed_count: "0" });
  });
});

describe("retention mail", () => {
  const notice = { batch_id: "b-9", erase_after: "2026-12-09T10:00:00.000Z", retention_days: 30, course_code: "SV1", essay_instructions: "Min sommar" };
  test("goes to a verified owner even when results mails are off (it is about losing data), once per erasure date", () => {
    const decision = decideRetentionMail({ ...teacher, notifyResultsByEmail: false }, notice, APP);
    if (decision.kind !== "send") throw new Error(`expected a mail, got ${decision.reason}`);
    expect(decision.mail.template).toBe("retention_notice");
    expect(decision.mail.dedupeKey).toBe("retention-mail:b-9:2026-12-09T10:00:00.000Z");
    expect(decision.mail.variables).toEqual({ name: "Åsa", batch_name: "SV1: Min sommar", erase_after: notice.erase_after, retention_days: "30", batch_url: "https://app.example/batches/b-9" });
  });
  test("not to an unverified address or an unknown user", () => {
    expect(decideRetentionMail({ ...teacher, verified: false }, notice, APP)).toEqual({ kind: "skip", reason: "unverified" });
    expect(decideRetentionMail(undefined, notice, APP)).toEqual({ kind: "skip", reason: "unknown_user" });
  });
});

describe("batch name", () => {
  test("course code and instructions as the dashboard shows them, clipped at a word with an ellipsis", () => {
    const long = "Write an argumentative essay: should schools ban mobile phones during lessons and breaks?";
    expect(batchName({ batch_id: "b", course_code: "ENG5", essay_instructions: long }, "en")).toBe("ENG5: Write an argumentative essay: should schools ban mobile…");
    expect(batchName({ batch_id: "b", course_code: "ENG5", essay_instructions: "  Two\n lines  " }, "en")).toBe("ENG5: Two lines");
    expect(batchName({ batch_id: "b", course_code: "ENG5" }, "en")).toBe("ENG5");
    expect(batchName({ batch_id: "abcdefghij" }, "sv")).toBe("omgång abcdefgh");
  });
});
