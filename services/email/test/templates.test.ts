import { describe, expect, test } from "bun:test";
import { EmailTemplateSchema } from "@shared/contracts/events/email.ts";
import { renderEmail, TEMPLATES, TemplateVariablesError } from "../src/domain/templates.ts";
import { classifySmtpFailure, retryDelayMs } from "../src/domain/smtp-failure.ts";

const VARS: Record<string, string> = {
  name: "Åsa", verify_url: "https://app.example/verify?token=abc", token: "abc", expires_hours: "24",
  app_url: "https://app.example/", reset_url: "https://app.example/reset?token=xyz", expires_minutes: "60",
  batch_name: "ENG5 <höst>", results_url: "https://app.example/batches/1",
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
