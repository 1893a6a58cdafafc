import { describe, expect, test } from "bun:test";
import { resolvePromptSource } from "../../src/domain/prompt-source.ts";

const ref = (id: string) => ({ references: { student_prompt_text: { storage_id: id } } });

describe("resolvePromptSource", () => {
  test("a canonical assignment wins over everything and replaces nothing", () => {
    expect(resolvePromptSource({ assignment_id: "a-1", cms_prompt_ref: ref("cms") }, ref("stored"))).toEqual({
      prompt_attached: true, prompt_source: "canonical", assignment_id: "a-1", replacement_ref: null,
    });
  });

  test("a CMS reference comes next and replaces the stored one", () => {
    expect(resolvePromptSource({ cms_prompt_ref: ref("cms") }, ref("stored"))).toEqual({
      prompt_attached: true, prompt_source: "cms", assignment_id: null, replacement_ref: ref("cms"),
    });
  });

  test("the stored reference is used when the request names no prompt", () => {
    for (const payload of [undefined, null, {}]) {
      expect(resolvePromptSource(payload, ref("stored"))).toEqual({ prompt_attached: true, prompt_source: "context", assignment_id: null, replacement_ref: null });
    }
  });

  test("no prompt anywhere: not attached, no source", () => {
    expect(resolvePromptSource(undefined, null)).toEqual({ prompt_attached: false, prompt_source: null, assignment_id: null, replacement_ref: null });
    expect(resolvePromptSource({}, undefined).prompt_attached).toBe(false);
  });
});
