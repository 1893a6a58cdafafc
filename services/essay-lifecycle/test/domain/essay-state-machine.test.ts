import { describe, expect, test } from "bun:test";
import { EssayStatus, PhaseName, enumValues } from "@shared/contracts/enums.ts";
import { ESSAY_TRANSITIONS, PHASE_STATUSES, canTransition, decideTransition } from "../../src/domain/essay-state-machine.ts";

const S = EssayStatus;
const ALL = enumValues(EssayStatus);
const PHASES = enumValues(PhaseName);
const IN_PROGRESS = PHASES.map((p) => PHASE_STATUSES[p].inProgress);

/** The rules in words, written independently of the table, to check every one of the 14×14 pairs. */
function ruleAllows(from: EssayStatus, to: EssayStatus): boolean {
  if (from === S.AWAITING_CONTENT) return to === S.READY_FOR_PROCESSING;
  // A cancelled pipeline sends an essay in progress back to where any phase may start.
  if (to === S.READY_FOR_PROCESSING) return (IN_PROGRESS as readonly EssayStatus[]).includes(from);
  const startedPhase = PHASES.find((p) => PHASE_STATUSES[p].inProgress === to);
  if (startedPhase) return from === S.READY_FOR_PROCESSING || from.endsWith("_SUCCESS") || from === PHASE_STATUSES[startedPhase].failed;
  const endedPhase = PHASES.find((p) => PHASE_STATUSES[p].success === to || PHASE_STATUSES[p].failed === to);
  if (endedPhase) return from === PHASE_STATUSES[endedPhase].inProgress;
  return false;
}

describe("essay state machine", () => {
  test("the table has a row for every status and names only real statuses", () => {
    expect(Object.keys(ESSAY_TRANSITIONS).sort()).toEqual([...ALL].sort());
    for (const targets of Object.values(ESSAY_TRANSITIONS)) for (const t of targets) expect(ALL).toContain(t);
  });

  test("every pair of statuses is legal exactly when the rules say so", () => {
    const disagreements: string[] = [];
    for (const from of ALL) for (const to of ALL) if (canTransition(from, to) !== ruleAllows(from, to)) disagreements.push(`${from}→${to}`);
    expect(disagreements).toEqual([]);
  });

  test.each([
    [S.AWAITING_CONTENT, S.READY_FOR_PROCESSING],
    [S.READY_FOR_PROCESSING, S.SPELLCHECK_IN_PROGRESS],
    [S.READY_FOR_PROCESSING, S.CJ_ASSESSMENT_IN_PROGRESS],
    [S.SPELLCHECK_IN_PROGRESS, S.SPELLCHECK_SUCCESS],
    [S.SPELLCHECK_IN_PROGRESS, S.SPELLCHECK_FAILED],
    [S.SPELLCHECK_SUCCESS, S.NLP_IN_PROGRESS],
    [S.SPELLCHECK_SUCCESS, S.AI_FEEDBACK_IN_PROGRESS],
    [S.NLP_SUCCESS, S.CJ_ASSESSMENT_IN_PROGRESS],
    [S.CJ_ASSESSMENT_SUCCESS, S.AI_FEEDBACK_IN_PROGRESS],
    [S.AI_FEEDBACK_IN_PROGRESS, S.AI_FEEDBACK_SUCCESS],
    [S.NLP_FAILED, S.NLP_IN_PROGRESS],
  ] as const)("legal: %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  test.each([
    [S.AWAITING_CONTENT, S.SPELLCHECK_IN_PROGRESS], // no text yet
    [S.AWAITING_CONTENT, S.AWAITING_CONTENT],
    [S.READY_FOR_PROCESSING, S.AWAITING_CONTENT], // content is never taken back
    [S.READY_FOR_PROCESSING, S.SPELLCHECK_SUCCESS], // a result without a start
    [S.SPELLCHECK_IN_PROGRESS, S.NLP_SUCCESS], // another phase's result
    [S.SPELLCHECK_IN_PROGRESS, S.NLP_IN_PROGRESS], // phases do not overlap
    [S.SPELLCHECK_FAILED, S.NLP_IN_PROGRESS], // failed text does not go on
    [S.NLP_SUCCESS, S.NLP_FAILED], // a late result after the phase ended
    [S.CJ_ASSESSMENT_SUCCESS, S.READY_FOR_PROCESSING],
    [S.AI_FEEDBACK_FAILED, S.AI_FEEDBACK_SUCCESS],
  ] as const)("illegal: %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  test("a success lets every phase start; a failure lets only its own phase retry", () => {
    for (const phase of PHASES) {
      expect(ESSAY_TRANSITIONS[PHASE_STATUSES[phase].success]).toEqual(IN_PROGRESS);
      expect(ESSAY_TRANSITIONS[PHASE_STATUSES[phase].failed]).toEqual([PHASE_STATUSES[phase].inProgress]);
    }
  });

  test("decideTransition moves on a legal event and names why it refuses", () => {
    expect(decideTransition(S.AWAITING_CONTENT, { type: "content_assigned" })).toEqual({ kind: "move", from: S.AWAITING_CONTENT, to: S.READY_FOR_PROCESSING });
    expect(decideTransition(S.SPELLCHECK_SUCCESS, { type: "phase_started", phase: PhaseName.NLP })).toEqual({ kind: "move", from: S.SPELLCHECK_SUCCESS, to: S.NLP_IN_PROGRESS });
    // The same result twice: the second finds the essay already there (stale), not an illegal jump.
    expect(decideTransition(S.NLP_SUCCESS, { type: "phase_succeeded", phase: PhaseName.NLP })).toEqual({ kind: "reject", from: S.NLP_SUCCESS, to: S.NLP_SUCCESS, reason: "already" });
    expect(decideTransition(S.READY_FOR_PROCESSING, { type: "content_assigned" })).toMatchObject({ kind: "reject", reason: "already" });
    expect(decideTransition(S.SPELLCHECK_IN_PROGRESS, { type: "phase_failed", phase: PhaseName.CJ_ASSESSMENT })).toEqual({ kind: "reject", from: S.SPELLCHECK_IN_PROGRESS, to: S.CJ_ASSESSMENT_FAILED, reason: "illegal" });
    expect(decideTransition(S.AWAITING_CONTENT, { type: "phase_started", phase: PhaseName.SPELLCHECK })).toMatchObject({ kind: "reject", reason: "illegal" });
  });
});
