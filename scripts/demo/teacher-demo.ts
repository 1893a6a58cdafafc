import type { Stack } from "../stack/launcher.ts";
import { loadSamples } from "./samples.ts";
import { signIn, type TeacherClient } from "./teacher-client.ts";
import { printCjResults, printFeedback, printNlpResults } from "./print-results.ts";
import { waitForBatchReady } from "./batch-wait.ts";
import { confirmDemoMatches, createDemoClass, printDemoMails } from "./class-demo.ts";
import { printResultsMails, verifyDemoTeacher } from "./mail-demo.ts";

type Say = (line: string) => void;
const ASSIGNMENT = `demo-assignment-${Date.now().toString(36)}`;

async function waitForPipeline(teacher: TeacherClient, batchId: string, pipeline: string, notes: { type: string; batch_id: string; data: Record<string, unknown> }[], timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const done = notes.find((n) => n.batch_id === batchId && ((n.type === "pipeline_completed" && n.data.pipeline === pipeline) || n.type === "pipeline_denied"));
    if (done) return done;
    await Bun.sleep(200);
  }
  throw new Error(`pipeline ${pipeline} did not finish within ${timeoutMs / 1000} s`);
}

/** Issues 3–5: a teacher's whole journey through the gateway, with live notifications. */
export async function teacherDemo(stack: Stack, say: Say): Promise<void> {
  const has = (name: string) => stack.started.includes(name);
  const samples = loadSamples();
  const email = `demo-${Date.now()}@school.example`;
  const teacher = await signIn(stack.urls.identity as string, stack.urls["api-gateway"] as string, email);
  say(`teacher signed in (user ${teacher.userId.slice(0, 8)}…)`);
  // Identity mails results only to a verified address: follow the mailed link first.
  const verified = has("email") ? await verifyDemoTeacher(stack, email, say) : false;
  const notes: { type: string; batch_id: string; data: Record<string, unknown> }[] = [];
  const stopListening = teacher.listen((n) => {
    notes.push(n);
    const detail = n.data.phase ? ` ${n.data.phase}` : n.data.status ? ` ${n.data.status}` : n.data.pipeline ? ` ${n.data.pipeline}` : "";
    say(`  live ▸ ${n.type}${detail}${n.data.compatibility_issue ? ` (${n.data.compatibility_issue})` : ""}`);
  });
  try {
    const prompt = await teacher.call<{ references: Record<string, { storage_id: string }> }>("POST", "/v1/prompts", { text: samples.prompt });
    if (prompt.status !== 201) throw new Error(`prompt upload failed: ${prompt.status} ${JSON.stringify(prompt.body)}`);
    say(`student prompt stored: ${JSON.stringify(prompt.body)}`);
    if (has("cj-assessment")) {
      const anchors = await teacher.call("POST", `/v1/assignments/${ASSIGNMENT}/anchors`, { grade_scale: "swedish_a_f", anchors: samples.anchors });
      say(`anchors registered for ${ASSIGNMENT}: HTTP ${anchors.status} (grades ${samples.anchors.map((a) => a.grade).join(", ")})`);
    }
    const classId = has("class-management") ? await createDemoClass(teacher, samples.essays, say) : undefined;
    const registered = await teacher.call<{ batch_id: string }>("POST", "/v1/batches/register", {
      ...(classId ? { class_id: classId } : {}),
      expected_essay_count: samples.essays.length, course_code: "ENG5",
      essay_instructions: "Write an argumentative essay: should schools ban mobile phones?",
      student_prompt_ref: prompt.body, assignment_id: ASSIGNMENT, cj_settings: { seed: 42 },
    });
    if (registered.status !== 201) throw new Error(`registration failed: ${registered.status} ${JSON.stringify(registered.body)}`);
    const batchId = registered.body.batch_id;
    say(`batch registered: ${batchId} (${samples.essays.length} essays expected)`);
    const upload = await teacher.upload(batchId, samples.essays.map((e) => ({ name: e.fileName, text: e.text })));
    const accepted = (upload.body.files as { accepted: boolean }[] | undefined)?.filter((f) => f.accepted).length ?? 0;
    say(`uploaded ${samples.essays.length} files: ${accepted} accepted`);
    if (classId) await confirmDemoMatches(teacher, batchId, say);
    await waitForBatchReady(teacher, batchId);
    say("batch is READY_FOR_PIPELINE_EXECUTION");

    let runs = 0;
    const run = async (pipeline: string) => {
      const started = performance.now();
      const res = await teacher.call("POST", `/v1/batches/${batchId}/pipelines`, { requested_pipeline: pipeline });
      say(`requested "${pipeline}": HTTP ${res.status}`);
      const end = await waitForPipeline(teacher, batchId, pipeline, notes);
      if (end.type !== "pipeline_denied") runs += 1; // each finished run mails its owner
      say(`"${pipeline}" ${end.type === "pipeline_denied" ? "denied" : `finished: ${end.data.final_status}`} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await Bun.sleep(500); // let RAS store the last results
      return (await teacher.call<{ essays: Record<string, unknown>[] }>("GET", `/v1/batches/${batchId}/results`)).body;
    };
    printNlpResults(await run("nlp"), say);
    if (has("cj-assessment") && has("llm-provider")) printCjResults(await run("cj_assessment"), samples.qualityOrder, say);
    if (has("ai-feedback") && has("llm-provider")) printFeedback(await run("comprehensive"), say);
    if (has("entitlements")) {
      const credits = await teacher.call("GET", "/v1/credits");
      say(`credits: ${JSON.stringify(credits.body)}`);
    }
    if (verified) await printResultsMails(stack, email, batchId, runs, say);
    printDemoMails(stack, email, say);
  } finally {
    stopListening();
  }
}
