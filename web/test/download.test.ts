import { expect, test } from "bun:test";
import { attachmentName } from "../src/results/download.ts";

test("the export's file name comes from Content-Disposition, else the fallback", () => {
  expect(attachmentName('attachment; filename="batch-b-1.zip"', "x.zip")).toBe("batch-b-1.zip");
  expect(attachmentName("attachment", "batch-b-1.zip")).toBe("batch-b-1.zip");
  expect(attachmentName(null, "batch-b-1.zip")).toBe("batch-b-1.zip");
});
