import { listMailbox } from "../smtp-sink/mailbox.ts";
import type { Stack } from "../stack/launcher.ts";
import type { SampleEssay } from "./samples.ts";
import type { TeacherClient } from "./teacher-client.ts";

type Say = (line: string) => void;
type Associations = {
  status: string;
  associations: { essay_id: string; original_file_name: string; parsed_name: string | null; confidence: number; match_reason: string | null; suggested_student: { first_name: string; last_name: string } | null }[];
};

/** A class whose roster is the sample essays' authors (from their `Name:` lines). */
export async function createDemoClass(teacher: TeacherClient, essays: SampleEssay[], say: Say): Promise<string> {
  const created = await teacher.call<{ class_id: string }>("POST", "/v1/classes", { name: "Demo 9A (engelska)", course_code: "ENG5" });
  if (created.status !== 201) throw new Error(`class creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  for (const essay of essays) {
    const name = /^Name:\s*(.+)$/m.exec(essay.text)?.[1]?.trim() ?? "";
    const [first, ...rest] = name.split(/\s+/);
    await teacher.call("POST", `/v1/classes/${created.body.class_id}/students`, { first_name: first, last_name: rest.join(" ") || "-" });
  }
  say(`class created: ${created.body.class_id} with ${essays.length} students (the batch below is REGULAR)`);
  return created.body.class_id;
}

/** Show the author suggestions and confirm them, so the REGULAR batch becomes ready. */
export async function confirmDemoMatches(teacher: TeacherClient, batchId: string, say: Say): Promise<void> {
  let view: Associations | undefined;
  for (let i = 0; i < 600 && view?.status !== "awaiting_confirmation"; i++) {
    const got = await teacher.call<Associations>("GET", `/v1/batches/${batchId}/student-associations`);
    if (got.status === 200) view = got.body;
    if (view?.status !== "awaiting_confirmation") await Bun.sleep(100);
  }
  if (!view || view.status !== "awaiting_confirmation") throw new Error("no author suggestions arrived");
  for (const a of view.associations) {
    const who = a.suggested_student ? `${a.suggested_student.first_name} ${a.suggested_student.last_name}` : "(nobody)";
    say(`  match ▸ ${a.original_file_name.padEnd(24)} "${a.parsed_name ?? ""}" → ${who} (${a.confidence.toFixed(2)}, ${a.match_reason ?? "-"})`);
  }
  const confirmed = await teacher.call<Associations>("POST", `/v1/batches/${batchId}/student-associations/confirm`, {});
  if (confirmed.status !== 200) throw new Error(`confirming the author matches failed: HTTP ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  say(`author matches confirmed: HTTP ${confirmed.status}`);
}

/** Where the demo user's mails are (the launcher's local SMTP sink). */
export function printDemoMails(stack: Stack, email: string, say: Say): void {
  if (!stack.mailDir) return;
  const mails = listMailbox(stack.mailDir, email);
  say(`mails to ${email} (read them in ${stack.mailDir}): ${mails.length}`);
  for (const m of mails) say(`  mail ▸ ${m.subject}  (${m.file})`);
}
