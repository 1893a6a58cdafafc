import { describe, expect, test } from "bun:test";
import { BatchState, canTransition, isTerminal, statesAllowedBefore } from "../../src/domain/batch-state.ts";

describe("batch state machine", () => {
  test("terminal states never move again, not even to themselves", () => {
    for (const from of [BatchState.COMPLETED, BatchState.FAILED]) {
      expect(isTerminal(from)).toBe(true);
      for (const to of Object.values(BatchState)) expect(canTransition(from, to)).toBe(false);
    }
  });

  test("an open batch moves forward only", () => {
    expect(canTransition("PENDING", "WAITING_CALLBACKS")).toBe(true);
    expect(canTransition("PENDING", "COMPLETED")).toBe(true);
    expect(canTransition("WAITING_CALLBACKS", "COMPLETED")).toBe(true);
    expect(canTransition("WAITING_CALLBACKS", "FAILED")).toBe(true);
    expect(canTransition("WAITING_CALLBACKS", "WAITING_CALLBACKS")).toBe(true); // the next round
    expect(canTransition("WAITING_CALLBACKS", "PENDING")).toBe(false);
    expect(isTerminal("WAITING_CALLBACKS")).toBe(false);
  });

  test("the guard of a finalising UPDATE names only open states", () => {
    expect(statesAllowedBefore("COMPLETED")).toEqual(["PENDING", "WAITING_CALLBACKS"]);
    expect(statesAllowedBefore("PENDING")).toEqual([]);
  });
});
