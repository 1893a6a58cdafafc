import { describe, expect, test } from "bun:test";
import { PhaseName } from "@shared/contracts/enums.ts";
import { deadLetterFailureCode, isPastDeadline, phaseDeadline, phaseTimeoutSeconds, TIMEOUT_FAILURE } from "../../src/domain/phase-deadline.ts";

const TIMEOUTS = { essaySeconds: 900, cjSeconds: 3600 };
const START = "2025-03-01T10:00:00.000Z";

describe("phase deadline", () => {
  test("per-essay phases use the essay timeout, CJ its own", () => {
    expect(phaseTimeoutSeconds(PhaseName.SPELLCHECK, TIMEOUTS)).toBe(900);
    expect(phaseTimeoutSeconds(PhaseName.NLP, TIMEOUTS)).toBe(900);
    expect(phaseTimeoutSeconds(PhaseName.AI_FEEDBACK, TIMEOUTS)).toBe(900);
    expect(phaseTimeoutSeconds(PhaseName.CJ_ASSESSMENT, TIMEOUTS)).toBe(3600);
  });

  test("the deadline is the start plus the timeout, fractions of a second kept", () => {
    expect(phaseDeadline(PhaseName.NLP, START, TIMEOUTS)).toBe("2025-03-01T10:15:00.000Z");
    expect(phaseDeadline(PhaseName.CJ_ASSESSMENT, START, TIMEOUTS)).toBe("2025-03-01T11:00:00.000Z");
    expect(phaseDeadline(PhaseName.NLP, START, { essaySeconds: 0.25, cjSeconds: 1 })).toBe("2025-03-01T10:00:00.250Z");
  });

  test("past the deadline from the moment it is reached; a run without one gets it from its start", () => {
    const run = { phase: PhaseName.NLP, startedAt: START, deadlineAt: "2025-03-01T10:05:00.000Z" };
    expect(isPastDeadline(run, new Date("2025-03-01T10:04:59.999Z"), TIMEOUTS)).toBe(false);
    expect(isPastDeadline(run, new Date("2025-03-01T10:05:00.000Z"), TIMEOUTS)).toBe(true);
    const legacy = { ...run, deadlineAt: null };
    expect(isPastDeadline(legacy, new Date("2025-03-01T10:14:59.999Z"), TIMEOUTS)).toBe(false);
    expect(isPastDeadline(legacy, new Date("2025-03-01T10:15:00.000Z"), TIMEOUTS)).toBe(true);
  });

  test("failure codes: TIMEOUT at the deadline, DLQ_<REASON> for a dead letter", () => {
    expect(TIMEOUT_FAILURE).toBe("TIMEOUT");
    expect(deadLetterFailureCode("max_deliveries_exceeded")).toBe("DLQ_MAX_DELIVERIES_EXCEEDED");
    expect(deadLetterFailureCode("poison_message")).toBe("DLQ_POISON_MESSAGE");
    expect(deadLetterFailureCode(" schema validation-failed ")).toBe("DLQ_SCHEMA_VALIDATION_FAILED");
    expect(deadLetterFailureCode(undefined)).toBe("DLQ_UNKNOWN");
    expect(deadLetterFailureCode("")).toBe("DLQ_UNKNOWN");
  });
});
