export interface SuggestedAssociation {
  essayId: string;
  suggestedStudentId: string | null;
  confidence: number;
}

/**
 * The student each essay ends up with. A teacher's confirmation takes the suggestions with the
 * corrections applied; a timeout accepts only suggestions at or above `autoAcceptConfidence`.
 * A student is never given two essays: a later claim on a taken student is left unassigned.
 */
export function settleStudents(
  associations: SuggestedAssociation[],
  how: { by: "teacher"; corrections: Map<string, string | null> } | { by: "timeout"; autoAcceptConfidence: number },
): Map<string, string | null> {
  const finals = new Map<string, string | null>();
  const taken = new Set<string>();
  // Corrections first, so a corrected essay keeps its student over a suggestion for the same one.
  const ordered = [...associations].sort((a, b) => Number(how.by === "teacher" && how.corrections.has(b.essayId)) - Number(how.by === "teacher" && how.corrections.has(a.essayId)));
  for (const a of ordered) {
    let student: string | null;
    if (how.by === "teacher") student = how.corrections.has(a.essayId) ? (how.corrections.get(a.essayId) ?? null) : a.suggestedStudentId;
    else student = a.confidence >= how.autoAcceptConfidence ? a.suggestedStudentId : null;
    if (student && taken.has(student)) student = null;
    if (student) taken.add(student);
    finals.set(a.essayId, student);
  }
  return finals;
}
