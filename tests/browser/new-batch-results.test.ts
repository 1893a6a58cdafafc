// The new-batch page, the pipeline runner's refusals, the Swedish default and the grade
// distribution in a real Chromium against the real stack (every service as its own process):
// a mixed drop (.txt, .docx, .pdf and a .png) with upload progress and per-file results; a run
// without a prompt and one without credits refused in plain sentences, nothing run; an SV course's
// pages in Swedish for a teacher who has not chosen a language; an anchored CJ run's grade
// probabilities on the essay page. axe-core checks each page for serious or critical violations.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Locator, Page } from "playwright-core";
import { loadSamples } from "../../scripts/demo/samples.ts";
import { makeDocx, makePdf } from "../fixtures/make-documents.ts";
import { readyBatch, waitForStatus } from "../e2e/support/batches.ts";
import { eventually, startE2EStack, type E2EStack } from "../e2e/support/e2e-stack.ts";
import { signUpTeacher, storePrompt, uploadFiles, type Teacher } from "../e2e/support/teachers.ts";
import { HAS_BROWSER, launchChromium, REQUIRE_BROWSER, expectAccessible, screenshot, signedInPage } from "./support/browser.ts";
import { sampleEssays, samplePrompt } from "./support/samples.ts";

const RUN = HAS_BROWSER || REQUIRE_BROWSER;
const PASSWORD = "correct horse battery staple"; // signUpTeacher's
let e2e: E2EStack;
let browser: Browser;

beforeAll(async () => {
  if (!RUN) return;
  browser = await launchChromium();
  e2e = await startE2EStack({ LOG_LEVEL: "warn" });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
});

/** playwright-core has no test matchers: wait for the text, then assert it (so a failure shows the value). */
async function expectText(locator: Locator, text: string, timeoutMs = 15_000): Promise<void> {
  await eventually(`"${text}" in ${locator}`, async () => (((await locator.textContent().catch(() => "")) ?? "").includes(text) ? true : undefined), timeoutMs).catch(() => undefined);
  expect((await locator.textContent()) ?? "").toContain(text);
}

const path = (batchId: string) => ({ params: { path: { batch_id: batchId } } });

const signedIn = (teacher: Teacher) => signedInPage(browser, e2e.gateway, teacher.email, { viewport: { width: 1280, height: 860 } });

describe.skipIf(!RUN)("new batch, refusals, Swedish default and grade probabilities in Chromium", () => {
  test("a dropped .txt, .docx, .pdf and .png: the progress bar reaches 100%, each file's result, the .png refused in a sentence", async () => {
    const teacher = await signUpTeacher(e2e);
    const { context, page } = await signedIn(teacher);
    const essays = sampleEssays();
    const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    const files = [
      { name: essays[0]!.name, type: "text/plain", bytes: new TextEncoder().encode(essays[0]!.text) },
      { name: essays[1]!.name, type: "text/plain", bytes: new TextEncoder().encode(essays[1]!.text) },
      { name: "03-word-essay.docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: await makeDocx(lines(essays[2]!.text)) },
      { name: "04-pdf-essay.pdf", type: "application/pdf", bytes: await makePdf(lines(essays[3]!.text)) },
      { name: "class-photo.png", type: "image/png", bytes: png },
    ];
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New batch" }).click();
    await page.getByLabel("Instructions for the essay").fill("Should schools ban mobile phones?");
    const dataTransfer = await page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      return dt;
    }, files.map((f) => ({ name: f.name, type: f.type, b64: Buffer.from(f.bytes).toString("base64") })));
    await page.dispatchEvent('[data-testid="dropzone"]', "dragover", { dataTransfer });
    await page.dispatchEvent('[data-testid="dropzone"]', "drop", { dataTransfer });
    await expectText(page.getByTestId("staged-count"), "5 file(s) ready to upload");

    // Every value the progress bar takes, from the first render on.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      const note = () => { const bar = document.querySelector('[role="progressbar"]'); const now = bar?.getAttribute("aria-valuenow"); if (now && seen.at(-1) !== now) seen.push(now); };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
    });
    await page.getByRole("button", { name: "Create batch and upload" }).click();
    const results = page.getByTestId("file-results").locator("li");
    await results.first().waitFor({ timeout: 30_000 });
    expect(await results.count()).toBe(5);
    const byName = async (name: string) => (await results.filter({ hasText: name }).textContent()) ?? "";
    for (const f of files.slice(0, 4)) expect(await byName(f.name)).toContain("Accepted");
    const refused = await byName("class-photo.png");
    expect(refused).toContain("Not accepted");
    expect(refused).toContain("That kind of file cannot be used. Use a .txt, .docx or .pdf file.");
    await expectText(page.locator("#upload-title"), "4/5 accepted");

    const bar = page.getByRole("progressbar", { name: "Uploaded" });
    expect(await bar.getAttribute("aria-valuenow")).toBe("100");
    expect(await bar.getAttribute("aria-valuemax")).toBe("100");
    const seen = (await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen)).map(Number);
    expect(seen.at(-1)).toBe(100);
    expect(seen[0]).toBeLessThan(100); // it started below 100 …
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // … and never went back
    await screenshot(page, "new-batch-file-results");
    await expectAccessible(page, "new batch with per-file results");

    // The batch behind the page holds the four accepted essays (and waits for a fifth: the .png
    // counted in the expected number the page registered).
    const batchId = (await page.getByRole("link", { name: "Go to the batch" }).getAttribute("href"))?.split("/").pop() ?? "";
    const api = e2e.client(teacher.token);
    const slots = await eventually("4 essays stored", async () => {
      const { data } = await api.GET("/v1/batches/{batch_id}/files", path(batchId));
      return (data?.files.filter((f) => f.has_content).length ?? 0) >= 4 ? data?.files : undefined;
    }, 30_000);
    expect(slots.filter((f) => f.has_content).map((f) => f.file_name).sort()).toEqual(files.slice(0, 4).map((f) => f.name).sort());
    expect(slots.filter((f) => !f.has_content).length).toBe(1);
    await context.close();
  }, 120_000);

  test("no prompt, no credits: each refusal is a sentence on the page, after the cost was shown, and nothing runs", async () => {
    const teacher = await signUpTeacher(e2e);
    const api = e2e.client(teacher.token);
    const texts = sampleEssays().slice(0, 3).map((e) => e.text);
    const bareCj = await readyBatch(e2e, teacher, texts, { name: "No prompt (CJ)" });
    const bareFeedback = await readyBatch(e2e, teacher, texts, { name: "No prompt (feedback)" });
    const withPrompt = await readyBatch(e2e, teacher, texts, { name: "With prompt", prompt: await storePrompt(e2e, samplePrompt()) });
    const { context, page } = await signedIn(teacher);

    const refuse = async (batchId: string, pipeline: "Ranking and grades" | "AI feedback", estimate: string, sentence: string) => {
      await page.goto(`${e2e.gateway}/batches/${batchId}`);
      await page.locator('[data-testid="batch-status"] [data-status="READY_FOR_PIPELINE_EXECUTION"]').waitFor({ timeout: 30_000 });
      await page.getByLabel(pipeline, { exact: true }).check();
      await expectText(page.getByTestId("estimate"), estimate);
      expect(await page.getByTestId("denial").count()).toBe(0);
      await page.getByRole("button", { name: "Run", exact: true }).click();
      await expectText(page.getByTestId("denial"), sentence, 30_000);
      expect(await page.getByText("Requested. Progress appears below").count()).toBe(0);
    };
    const nothingRan = async (batchId: string) => {
      await Bun.sleep(1500); // time for a wrongly started phase to show
      const { data } = await api.GET("/v1/batches/{batch_id}/status", path(batchId));
      expect(data?.status).toBe("READY_FOR_PIPELINE_EXECUTION");
      expect(await page.locator('[data-phase="cj_assessment"], [data-phase="ai_feedback"]').count()).toBe(0);
    };

    const noPrompt = "This pipeline needs the student prompt. Attach a prompt to the batch and try again.";
    await refuse(bareCj, "Ranking and grades", "Estimated cost: 3 credits (3 comparisons). You have 1000.", noPrompt);
    await nothingRan(bareCj);
    await screenshot(page, "batch-denied-no-prompt");
    await expectAccessible(page, "batch page with a refusal");
    await refuse(bareFeedback, "AI feedback", "Estimated cost: 6 credits (3 feedback texts). You have 1000.", noPrompt);
    await nothingRan(bareFeedback);
    expect((await api.GET("/v1/credits")).data?.balance).toBe(1000);

    // No credits left: an admin-side adjustment through the entitlements service's internal API.
    const adjust = await fetch(`${e2e.stack.urls.entitlements}/internal/v1/entitlements/adjustments`, {
      method: "POST",
      headers: { "X-Internal-API-Key": e2e.stack.env.HULEEDU_INTERNAL_API_KEY as string, "Content-Type": "application/json" },
      body: JSON.stringify({ account: "user", account_id: teacher.userId, kind: "adjustment", credits: -1000, reason: "test-no-credits", actor_user_id: teacher.userId }),
    });
    expect(adjust.status).toBe(201);
    expect((await api.GET("/v1/credits")).data?.balance).toBe(0);
    await refuse(withPrompt, "Ranking and grades", "Estimated cost: 3 credits (3 comparisons). You have 0.",
      "You do not have enough credits for this pipeline. (Not enough credits to run cj_assessment on 3 essays: 3 needed (3 comparisons), 0 available)");
    await expectText(page.getByTestId("estimate"), "You have 0. ⚠ You do not have enough credits for this pipeline.");
    await nothingRan(withPrompt);
    await page.getByLabel("AI feedback", { exact: true }).check();
    await expectText(page.getByTestId("estimate"), "Estimated cost: 6 credits (3 feedback texts). You have 0.");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expectText(page.getByTestId("denial"), "(Not enough credits to run ai_feedback on 3 essays: 6 needed (3 feedback texts), 0 available)", 30_000);
    await nothingRan(withPrompt);
    expect((await api.GET("/v1/credits")).data?.balance).toBe(0);
    await context.close();
  }, 180_000);

  test("an SV course's batch and essay pages open in Swedish for a teacher who has not chosen; a chosen language wins", async () => {
    const teacher = await signUpTeacher(e2e);
    const texts = sampleEssays().slice(0, 2).map((e) => e.text);
    const swedish = await readyBatch(e2e, teacher, texts, { course: "SV2", name: "Svenska 2" });
    const english = await readyBatch(e2e, teacher, texts, { course: "ENG6", name: "English 6" });
    const essayId = (await e2e.client(teacher.token).GET("/v1/batches/{batch_id}/results", path(swedish))).data?.essays[0]?.essay_id ?? "";
    expect(essayId).not.toBe("");
    const { context, page } = await signedIn(teacher); // en-GB browser, no choice made: English
    const lang = () => page.evaluate(() => document.documentElement.lang);
    expect(await lang()).toBe("en");

    await page.goto(`${e2e.gateway}/batches/${swedish}`);
    await page.getByRole("heading", { name: "Resultat" }).waitFor();
    expect(await lang()).toBe("sv");
    await expectText(page.getByTestId("estimate"), "Beräknad kostnad");
    await expectAccessible(page, "SV batch page (sv)");
    // The essay page opened on its own (a fresh load of its address) is Swedish too.
    await page.goto(`${e2e.gateway}/batches/${swedish}/essays/${essayId}`);
    await page.getByRole("link", { name: "Tillbaka till omgången" }).waitFor();
    expect(await lang()).toBe("sv");
    // An English course's pages stay English.
    await page.goto(`${e2e.gateway}/batches/${english}`);
    await page.getByRole("heading", { name: "Results" }).waitFor();
    expect(await lang()).toBe("en");

    // The teacher chooses English: the SV course's pages then stay English.
    await page.getByLabel("Language").selectOption("en");
    await page.goto(`${e2e.gateway}/batches/${swedish}`);
    await page.getByRole("heading", { name: "Results" }).waitFor();
    await Bun.sleep(1000); // the batch has loaded: a wrong switch would have happened by now
    expect(await lang()).toBe("en");
    await page.goto(`${e2e.gateway}/batches/${swedish}/essays/${essayId}`);
    await page.getByRole("link", { name: "Back to the batch" }).waitFor();
    await Bun.sleep(1000);
    expect(await lang()).toBe("en");
    await context.close();
  }, 120_000);

  test("anchored CJ run: the table shows each grade with its probability, the essay page the whole distribution (sums to 100%)", async () => {
    const teacher = await signUpTeacher(e2e);
    const api = e2e.client(teacher.token);
    const samples = loadSamples();
    const assignment = `anchored-${crypto.randomUUID().slice(0, 8)}`;
    const anchors = await api.POST("/v1/assignments/{assignment_id}/anchors", { params: { path: { assignment_id: assignment } }, body: { grade_scale: "swedish_a_f", anchors: samples.anchors } });
    expect(anchors.response.status).toBe(201);
    const prompt = await api.POST("/v1/prompts", { body: { text: samples.prompt } });
    const essays = samples.essays.slice(0, 6);
    const { data: reg } = await api.POST("/v1/batches/register", {
      body: { expected_essay_count: essays.length, course_code: "ENG5", essay_instructions: "Should schools ban mobile phones?", student_prompt_ref: prompt.data as never, assignment_id: assignment, cj_settings: { seed: 7 } },
    });
    const batchId = reg?.batch_id ?? "";
    const upload = await uploadFiles(e2e, teacher.token, batchId, essays.map((e) => ({ name: e.fileName, bytes: e.text, type: "text/plain" })));
    expect(upload.body.files?.every((f) => f.accepted)).toBe(true);
    await waitForStatus(api, batchId, ["READY_FOR_PIPELINE_EXECUTION"]);
    expect((await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "cj_assessment" } })).response.status).toBe(202);
    await eventually("CJ results", async () => {
      const { data } = await api.GET("/v1/batches/{batch_id}/status", path(batchId));
      return data?.status === "COMPLETED_SUCCESSFULLY" && data.results.complete ? true : undefined;
    }, 180_000);
    const { data: results } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const graded = (results?.essays ?? []).filter((e) => e.cj_assessment?.grade);
    expect(graded.length).toBe(essays.length);

    const { context, page } = await signedIn(teacher);
    await page.goto(`${e2e.gateway}/batches/${batchId}`);
    const table = page.getByTestId("results-table");
    await table.waitFor();
    for (const essay of graded) {
      const cj = essay.cj_assessment!;
      const cell = await table.locator(`tr[data-essay-id="${essay.essay_id}"] [data-col="grade"]`).textContent();
      expect(cell).toStartWith(`${cj.grade} (${Math.round((cj.grade_probabilities[cj.grade!] ?? 0) * 100)}%)`);
    }
    await expectAccessible(page, "results page");

    // The top-ranked essay, through its link in the table.
    const top = [...graded].sort((a, b) => a.cj_assessment!.rank - b.cj_assessment!.rank)[0]!;
    const cj = top.cj_assessment!;
    await table.locator(`tr[data-essay-id="${top.essay_id}"] th a`).click();
    const dist = page.getByTestId("grade-distribution");
    await dist.waitFor();
    await page.getByRole("heading", { name: "Grade probabilities" }).waitFor();
    const items = dist.locator("li");
    const shown = await items.evaluateAll((lis) => lis.map((li) => ({ grade: li.getAttribute("data-grade"), percent: Number(li.getAttribute("data-percent")), text: li.textContent ?? "", shown: li.classList.contains("shown") })));
    // Every grade of the scale, best first, each with its percent written out.
    expect(shown.map((s) => s.grade)).toEqual(Object.keys(cj.grade_probabilities).reverse());
    expect(shown.map((s) => s.grade)).toEqual(["A", "B", "C", "D", "E", "F"]);
    for (const s of shown) {
      expect(s.text).toContain(`${s.grade}${s.percent}%`);
      expect(Math.abs(s.percent - (cj.grade_probabilities[s.grade!] ?? 0) * 100)).toBeLessThan(1);
    }
    expect(shown.reduce((sum, s) => sum + s.percent, 0)).toBe(100);
    // The shown grade is named in words, not only marked by style.
    expect(shown.filter((s) => s.shown).map((s) => s.grade)).toEqual([cj.grade]);
    expect(shown.find((s) => s.shown)?.text).toContain("the grade shown");
    await screenshot(page, "essay-grade-distribution");
    await expectAccessible(page, "essay page with the grade distribution");
    await context.close();
  }, 300_000);
});
