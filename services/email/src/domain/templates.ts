import type { EmailLanguage, EmailTemplate } from "@shared/contracts/events/email.ts";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A request whose variables do not fit its template: never retried. */
export class TemplateVariablesError extends Error {
  override readonly name = "TemplateVariablesError";
}

type Vars = Record<string, string>;
interface TemplateText {
  subject: (v: Vars) => string;
  /** Paragraphs; a paragraph that is exactly a URL variable becomes a link in HTML. */
  body: (v: Vars) => string[];
}
interface TemplateDefinition {
  required: string[];
  /** The variable shown as a button/link in HTML, if any. */
  link?: string;
  text: Record<EmailLanguage, TemplateText>;
}

const greeting = (v: Vars, lang: EmailLanguage) => (lang === "sv" ? `Hej${v.name ? ` ${v.name}` : ""}!` : `Hello${v.name ? ` ${v.name}` : ""},`);

const PIPELINE_NAMES: Record<EmailLanguage, Record<string, string>> = {
  sv: { spellcheck: "stavningskontrollen", nlp: "textanalysen", cj_assessment: "den jämförande bedömningen", ai_feedback: "AI-återkopplingen", comprehensive: "den fullständiga bedömningen" },
  en: { spellcheck: "spell check", nlp: "text analysis", cj_assessment: "comparative judgement", ai_feedback: "AI feedback", comprehensive: "full assessment" },
};
const OUTCOMES = ["completed", "completed_with_failures", "failed"];

/** "The nlp run of X is finished", with how many essays failed when some did. */
function resultsSentence(v: Vars, lang: EmailLanguage): string {
  const outcome = v.outcome ?? "completed";
  if (!OUTCOMES.includes(outcome)) throw new TemplateVariablesError(`outcome must be one of ${OUTCOMES.join(", ")}`);
  const what = v.pipeline ? PIPELINE_NAMES[lang][v.pipeline] ?? v.pipeline : undefined;
  const failed = Number(v.failed_count ?? "0");
  const ofTotal = v.essay_count ? (lang === "sv" ? ` av ${v.essay_count}` : ` of ${v.essay_count}`) : "";
  // "1 essay", but "1 of 12 essays".
  const essays = failed === 1 && !ofTotal ? (lang === "sv" ? "uppsats" : "essay") : lang === "sv" ? "uppsatser" : "essays";
  if (lang === "sv") {
    const subject = what ? `${what[0]?.toUpperCase()}${what.slice(1)} av ${v.batch_name}` : `Bedömningen av ${v.batch_name}`;
    if (outcome === "failed") return `${subject} avbröts innan den blev klar${failed > 0 ? ` (${failed}${ofTotal} ${essays} misslyckades)` : ""}. Öppna omgången för att se vad som gick fel och försöka igen:`;
    if (outcome === "completed_with_failures" || failed > 0) return `${subject} är klar, men ${failed}${ofTotal} ${essays} misslyckades. Resultaten för de övriga finns här, och de misslyckade kan köras om:`;
    return `${subject} är klar. Se resultaten här:`;
  }
  const subject = what ? `The ${what} of ${v.batch_name}` : `The assessment of ${v.batch_name}`;
  if (outcome === "failed") return `${subject} stopped before it finished${failed > 0 ? ` (${failed}${ofTotal} ${essays} failed)` : ""}. Open the batch to see what went wrong and try again:`;
  if (outcome === "completed_with_failures" || failed > 0) return `${subject} is finished, but ${failed}${ofTotal} ${essays} failed. The results of the others are here, and the failed ones can be retried:`;
  return `${subject} is finished. See the results here:`;
}

/** The erasure day in the reader's language (Swedish time: the schools are there); the raw value if it is not a date. */
function eraseDate(v: Vars, lang: EmailLanguage): string {
  const at = Date.parse(v.erase_after ?? "");
  if (Number.isNaN(at)) return v.erase_after ?? "";
  return new Intl.DateTimeFormat(lang === "sv" ? "sv-SE" : "en-GB", { dateStyle: "long", timeZone: "Europe/Stockholm" }).format(at);
}

export const TEMPLATES = {
  verification: {
    required: ["verify_url", "token", "expires_hours"],
    link: "verify_url",
    text: {
      sv: {
        subject: () => "Bekräfta din e-postadress för HuleEdu",
        body: (v) => [greeting(v, "sv"), "Bekräfta din e-postadress genom att öppna länken nedan:", v.verify_url ?? "", `Eller ange koden: ${v.token}`, `Länken gäller i ${v.expires_hours} timmar. Har du inte skapat något konto kan du bortse från det här meddelandet.`],
      },
      en: {
        subject: () => "Confirm your e-mail address for HuleEdu",
        body: (v) => [greeting(v, "en"), "Confirm your e-mail address by opening the link below:", v.verify_url ?? "", `Or enter the code: ${v.token}`, `The link is valid for ${v.expires_hours} hours. If you did not create an account, you can ignore this message.`],
      },
    },
  },
  welcome: {
    required: ["app_url"],
    link: "app_url",
    text: {
      sv: {
        subject: () => "Välkommen till HuleEdu",
        body: (v) => [greeting(v, "sv"), "Din e-postadress är bekräftad och ditt konto är klart. Skapa en klass, ladda upp uppsatser och låt HuleEdu göra grovjobbet.", v.app_url ?? ""],
      },
      en: {
        subject: () => "Welcome to HuleEdu",
        body: (v) => [greeting(v, "en"), "Your e-mail address is confirmed and your account is ready. Create a class, upload essays and let HuleEdu do the heavy lifting.", v.app_url ?? ""],
      },
    },
  },
  password_reset: {
    required: ["reset_url", "token", "expires_minutes"],
    link: "reset_url",
    text: {
      sv: {
        subject: () => "Återställ ditt lösenord för HuleEdu",
        body: (v) => [greeting(v, "sv"), "Någon (förhoppningsvis du) bad om att återställa lösenordet. Välj ett nytt lösenord via länken:", v.reset_url ?? "", `Eller ange koden: ${v.token}`, `Länken gäller i ${v.expires_minutes} minuter och kan bara användas en gång. Alla inloggningar avslutas när lösenordet byts.`],
      },
      en: {
        subject: () => "Reset your HuleEdu password",
        body: (v) => [greeting(v, "en"), "Someone (hopefully you) asked to reset the password. Choose a new password through the link:", v.reset_url ?? "", `Or enter the code: ${v.token}`, `The link is valid for ${v.expires_minutes} minutes and works once. Every session is signed out when the password changes.`],
      },
    },
  },
  account_exists: {
    required: ["reset_url"],
    link: "reset_url",
    text: {
      sv: {
        subject: () => "Du har redan ett HuleEdu-konto",
        body: (v) => [greeting(v, "sv"), "Någon försökte skapa ett konto med den här e-postadressen, men det finns redan ett. Har du glömt lösenordet kan du återställa det här:", v.reset_url ?? ""],
      },
      en: {
        subject: () => "You already have a HuleEdu account",
        body: (v) => [greeting(v, "en"), "Someone tried to create an account with this e-mail address, but one already exists. If you forgot the password, you can reset it here:", v.reset_url ?? ""],
      },
    },
  },
  batch_results_ready: {
    // Optional: outcome (completed | completed_with_failures | failed), failed_count, essay_count, pipeline.
    required: ["batch_name", "results_url"],
    link: "results_url",
    text: {
      sv: {
        subject: (v) => (v.outcome === "failed" ? `Bedömningen av ${v.batch_name} kunde inte slutföras` : `Resultaten för ${v.batch_name} är klara`),
        body: (v) => [greeting(v, "sv"), resultsSentence(v, "sv"), v.results_url ?? ""],
      },
      en: {
        subject: (v) => (v.outcome === "failed" ? `The assessment of ${v.batch_name} could not be completed` : `Results for ${v.batch_name} are ready`),
        body: (v) => [greeting(v, "en"), resultsSentence(v, "en"), v.results_url ?? ""],
      },
    },
  },
  retention_notice: {
    required: ["batch_name", "erase_after", "batch_url"],
    link: "batch_url",
    text: {
      sv: {
        subject: (v) => `${v.batch_name} raderas den ${eraseDate(v, "sv")}`,
        body: (v) => [
          greeting(v, "sv"),
          `Enligt skolans lagringsregler raderas ${v.batch_name} med alla uppsatser och resultat den ${eraseDate(v, "sv")}${v.retention_days ? ` (${v.retention_days} dagar efter att den skapades)` : ""}.`,
          "Vill du spara något, öppna omgången och exportera den (originalfiler och resultat som zip) före dess:",
          v.batch_url ?? "",
          "Raderingen går inte att ångra.",
        ],
      },
      en: {
        subject: (v) => `${v.batch_name} will be erased on ${eraseDate(v, "en")}`,
        body: (v) => [
          greeting(v, "en"),
          `Under your school's retention policy, ${v.batch_name} with all its essays and results will be erased on ${eraseDate(v, "en")}${v.retention_days ? ` (${v.retention_days} days after it was created)` : ""}.`,
          "To keep anything, open the batch and export it (original files and results as a zip) before then:",
          v.batch_url ?? "",
          "The erasure cannot be undone.",
        ],
      },
    },
  },
} as const satisfies Record<EmailTemplate, TemplateDefinition>;

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/**
 * Render a template in one language; throws TemplateVariablesError when a required variable is missing.
 * @example renderEmail("verification", "sv", { verify_url, token, expires_hours: "24" }).subject
 */
export function renderEmail(template: EmailTemplate, language: EmailLanguage, variables: Vars): RenderedEmail {
  const definition: TemplateDefinition = TEMPLATES[template];
  const missing = definition.required.filter((name) => !variables[name]);
  if (missing.length > 0) throw new TemplateVariablesError(`template ${template} needs ${missing.join(", ")}`);
  const text = definition.text[language];
  const paragraphs = text.body(variables);
  const linkValue = definition.link ? variables[definition.link] : undefined;
  const htmlParagraphs = paragraphs.map((p) =>
    p === linkValue ? `<p><a href="${escapeHtml(p)}">${escapeHtml(p)}</a></p>` : `<p>${escapeHtml(p)}</p>`,
  );
  return {
    subject: text.subject(variables),
    text: `${paragraphs.join("\n\n")}\n\n-- \nHuleEdu\n`,
    html: `<!doctype html><html lang="${language}"><body>${htmlParagraphs.join("")}<p>HuleEdu</p></body></html>`,
  };
}
