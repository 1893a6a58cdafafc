import { describe, expect, expectTypeOf, test } from "bun:test";
import * as v from "valibot";
import { FileErrorCode, FileErrorCodeSchema, fileFailure, type FileFailure } from "../../src/domain/file-error-codes.ts";

describe("FileErrorCode", () => {
  test("every code is its own name and the picklist accepts exactly these", () => {
    for (const [key, value] of Object.entries(FileErrorCode)) {
      expect(value).toBe(key as typeof value);
      expect(v.is(FileErrorCodeSchema, value)).toBe(true);
    }
    expect(FileErrorCodeSchema.options).toHaveLength(Object.keys(FileErrorCode).length);
    expect(v.is(FileErrorCodeSchema, "NOT_A_CODE")).toBe(false);
  });

  test("the codes the upload contract names are present", () => {
    for (const code of ["UNSUPPORTED_FILE_TYPE", "CORRUPT_FILE", "EMPTY_CONTENT", "CONTENT_TOO_SHORT", "CONTENT_TOO_LONG"]) {
      expect(v.is(FileErrorCodeSchema, code)).toBe(true);
    }
  });

  test("fileFailure builds the failure value", () => {
    expect(fileFailure("CORRUPT_FILE", "bad")).toEqual({ ok: false, code: "CORRUPT_FILE", message: "bad" });
  });

  test("types: the schema's output is the FileErrorCode union", () => {
    expectTypeOf<v.InferOutput<typeof FileErrorCodeSchema>>().toEqualTypeOf<FileErrorCode>();
    expectTypeOf<FileFailure["code"]>().toEqualTypeOf<FileErrorCode>();
  });
});
