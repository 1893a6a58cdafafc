// The demo teacher's mails, read from the launcher's local SMTP sink: the verification link is
// followed through the real flow (so identity mails results), and the results mails are shown.
import { listMailbox, readMessage, type SinkMessage } from "../smtp-sink/mailbox.ts";
import type { Stack } from "../stack/launcher.ts";

type Say = (line: string) => void;
interface ReadMail { message: SinkMessage; subject: string; text: string }

const RETENTION_SUBJECT = /will be erased on|raderas den/;

async function mailsTo(dir: string, to: string): Promise<ReadMail[]> {
  return Promise.all(listMailbox(dir, to).map(async (message) => ({ message, ...(await readMessage(dir, message)) })));
}

/** Poll the sink until `pick` accepts what has arrived (undefined = not yet). */
async function waitForMails<T>(dir: string, to: string, pick: (mails: ReadMail[]) => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const picked = pick(await mailsTo(dir, to));
    if (picked !== undefined || Date.now() > deadline) return picked;
    await Bun.sleep(200);
  }
}

/**
 * Open the verification mail at the sink and confirm the address through the gateway, as the
 * mailed link does in the browser. False when there is no sink (an SMTP server was configured).
 */
export async function verifyDemoTeacher(stack: Stack, email: string, say: Say): Promise<boolean> {
  const dir = stack.mailDir;
  if (!dir) {
    say("no local SMTP sink (EMAIL_SMTP_HOST is set): the teacher stays unverified and gets no results mail");
    return false;
  }
  const found = await waitForMails(dir, email, (mails) => {
    for (const mail of mails.reverse()) {
      const token = /\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
      if (token) return { mail, token };
    }
    return undefined;
  }, 30_000);
  if (!found) throw new Error(`no verification mail to ${email} reached the SMTP sink within 30 s`);
  say(`verification mail arrived: "${found.mail.subject}" (${found.mail.message.file})`);
  const res = await fetch(`${stack.urls["api-gateway"]}/v1/auth/email/verify`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: found.token }),
  });
  const body = (await res.json().catch(() => ({}))) as { email_verified?: boolean; notify_results_by_email?: boolean };
  if (res.status !== 200 || body.email_verified !== true) throw new Error(`verification failed: HTTP ${res.status} ${JSON.stringify(body)}`);
  say(`e-mail address verified with the mailed token: HTTP 200, email_verified=true, notify_results_by_email=${body.notify_results_by_email}`);
  return true;
}

/** Wait for one results mail per finished pipeline run of `batchId`, then print each one's subject and link. */
export async function printResultsMails(stack: Stack, email: string, batchId: string, runs: number, say: Say): Promise<void> {
  const dir = stack.mailDir;
  if (!dir) return;
  const link = new RegExp(`\\S*/batches/${batchId}\\b\\S*`);
  const results = (mails: ReadMail[]) => mails.filter((m) => link.test(m.text) && !RETENTION_SUBJECT.test(m.subject));
  const arrived = (await waitForMails(dir, email, (mails) => (results(mails).length >= runs ? results(mails) : undefined), 30_000)) ?? results(await mailsTo(dir, email));
  say(`results mails to ${email}: ${arrived.length} of ${runs} pipeline run(s)`);
  for (const m of arrived) {
    // The body names the run ("Textanalysen av …", "The spell check of …"); the subjects are alike.
    const run = /^(.{3,40}?) (?:av|of) /m.exec(m.text.split("\n\n")[1] ?? "")?.[1];
    say(`  results mail ▸ "${m.subject}"${run ? ` (${run})` : ""} → ${link.exec(m.text)?.[0] ?? "(no link)"}`);
  }
  if (arrived.length < runs) throw new Error(`only ${arrived.length} of ${runs} results mails reached the SMTP sink within 30 s`);
}
