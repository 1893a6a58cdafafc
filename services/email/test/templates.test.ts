import { describe, expect, test } from "bun:test";
import { EmailTemplateSchema } from "@shared/contracts/events/email.ts";
import { renderEmail, TEMPLATES, TemplateVariablesError } from "../src/domain/templates.ts";
import { classifySmtpFailure, retryDelayMs } from "../src/domain/smtp-failure.ts";

const VARS: Record<string, string> = {
  name: "Åsa", verify_url: "https://app.example/verify?token=abc", token: "abc", expires_hours: "24",
  app_url: "https://app.example/", reset_url: "https://app.example/reset?token=xyz", expires_minutes: "60",
  batch_name: "ENG5 <höst>", results_url: "https://app.example/batches/1",
  erase_after: "2026-12-09T10:00:00.000Z", batch_url: "https://app.example/batches/1", retention_days: "30",
};

describe("templates", () => {
  test("every template renders in Swedish and English with distinct text", () => {
    for (const template of EmailTemplateSchema.options) {
      const sv = renderEmail(template, "sv", VARS);
      const en = renderEmail(template, "en", VARS);
      expect(sv.subject).not.toBe(en.subject);
      expect(sv.text).toContain("Hej Åsa!");
      expect(en.text).toContain("Hello Åsa,");
      expect(sv.html).toContain('lang="sv"');
      const link = TEMPLATES[template].link;
      expect(sv.html).toContain(`<a href="${VARS[link]}`);
    }
  });
  test("verification carries the link and the code; Swedish subject", () => {
    const mail = renderEmail("verification", "sv", VARS);
    expect(mail.subject).toBe("Bekräfta din e-postadress för HuleEdu");
    expect(mail.text).toContain(VARS.verify_url as string);
    expect(mail.text).toContain("koden: abc");
  });
  test("variables are HTML-escaped", () => {
    const mail = renderEmail("batch_results_ready", "en", VARS);
    expect(mail.html).toContain("ENG5 &lt;höst&gt;");
    expect(mail.html).not.toContain("<höst>");
  });
  test("a missing variable is a TemplateVariablesError naming it", () => {
    expect(() => renderEmail("password_reset", "en", { reset_url: "x", expires_minutes: "5" })).toThrow(TemplateVariablesError);
    expect(() => renderEmail("password_reset", "en", { reset_url: "x", expires_minutes: "5" })).toThrow(/token/);
  });
});

describe("batch results ready", () => {
  const base = { batch_name: "ENG5: Mobile phones", results_url: "https://app.example/batches/b1" };
  test("a clean run: results are ready, with the pipeline named and the batch link", () => {
    const mail = renderEmail("batch_results_ready", "en", { ...base, outcome: "completed", pipeline: "nlp", failed_count: "0", essay_count: "12" });
    expect(mail.subject).toBe("Results for ENG5: Mobile phones are ready");
    expect(mail.text).toContain("The text analysis of ENG5: Mobile phones is finished. See the results here:");
    expect(mail.text).not.toContain("failed");
    expect(mail.html).toContain('<a href="https://app.example/batches/b1">');
  });
  test("some essays failed: the mail says how many of how many, in both languages", () => {
    const vars = { ...base, outcome: "completed_with_failures", pipeline: "spellcheck", failed_count: "2", essay_count: "12" };
    expect(renderEmail("batch_results_ready", "en", vars).text).toContain("The spell check of ENG5: Mobile phones is finished, but 2 of 12 essays failed.");
    expect(renderEmail("batch_results_ready", "sv", vars).text).toContain("Stavningskontrollen av ENG5: Mobile phones är klar, men 2 av 12 uppsatser misslyckades.");
    expect(renderEmail("batch_results_ready", "en", { ...vars, failed_count: "1", essay_count: "" }).text).toContain("but 1 essay failed.");
  });
  test("a critically failed run gets its own subject and no promise of results", () => {
    const vars = { ...base, outcome: "failed", pipeline: "cj_assessment", failed_count: "12", essay_count: "12" };
    const en = renderEmail("batch_results_ready", "en", vars);
    expect(en.subject).toBe("The assessment of ENG5: Mobile phones could not be completed");
    expect(en.text).toContain("The comparative judgement of ENG5: Mobile phones stopped before it finished (12 of 12 essays failed).");
    expect(en.text).not.toContain("See the results");
    expect(renderEmail("batch_results_ready", "sv", vars).subject).toBe("Bedömningen av ENG5: Mobile phones kunde inte slutföras");
  });
  test("an unknown outcome is a TemplateVariablesError (never sent, never retried)", () => {
    expect(() => renderEmail("batch_results_ready", "en", { ...base, outcome: "maybe" })).toThrow(TemplateVariablesError);
  });
});

describe("retention notice", () => {
  const vars = { batch_name: "SV1: Min sommar", erase_after: "2026-12-09T10:00:00.000Z", batch_url: "https://app.example/batches/b9", retention_days: "30" };
  test("names the batch and the erasure day in the reader's language, and links the batch page for the export", () => {
    const sv = renderEmail("retention_notice", "sv", vars);
    expect(sv.subject).toBe("SV1: Min sommar raderas den 9 december 2026");
    expect(sv.text).toContain("raderas SV1: Min sommar med alla uppsatser och resultat den 9 december 2026 (30 dagar efter att den skapades).");
    expect(sv.text).toContain("exportera den");
    expect(sv.html).toContain('<a href="https://app.example/batches/b9">');
    const en = renderEmail("retention_notice", "en", vars);
    expect(en.subject).toBe("SV1: Min sommar will be erased on 9 December 2026");
    expect(en.text).toContain("export it (original files and results as a zip) before then:\n\nhttps://app.example/batches/b9");
  });
  test("the day is the Swedish calendar day (23:30 UTC is already the next day in Stockholm)", () => {
    expect(renderEmail("retention_notice", "en", { ...vars, erase_after: "2026-12-09T23:30:00.000Z" }).subject).toContain("10 December 2026");
  });
  test("needs the batch name, the date and the link", () => {
    expect(() => renderEmail("retention_notice", "en", { batch_name: "x", batch_url: "y" })).toThrow(/erase_after/);
  });
});

describe("SMTP failures", () => {
  test("5xx is permanent; 4xx and connection errors are transient", () => {
    expect(classifySmtpFailure({ responseCode: 550 })).toBe("permanent");
    expect(classifySmtpFailure({ responseCode: 421 })).toBe("transient");
    expect(classifySmtpFailure({ code: "ECONNECTION" })).toBe("transient");
    expect(classifySmtpFailure(new Error("boom"))).toBe("transient");
  });
  test("backoff grows and is capped", () => {
    const mid = () => 0.5;
    expect(retryDelayMs(1, 100, 10_000, mid)).toBe(75);
    expect(retryDelayMs(4, 100, 10_000, mid)).toBe(600);
    expect(retryDelayMs(30, 100, 10_000, mid)).toBe(7500);
  });
});
