import { describe, expect, test } from "bun:test";
import { isMovedLetter, spellingEditCost } from "../src/domain/edit-cost.ts";

describe("spellingEditCost", () => {
  test("identical words cost nothing, case ignored", () => {
    expect(spellingEditCost("school", "school")).toBe(0);
    expect(spellingEditCost("Stockholm", "stockholm")).toBe(0);
  });

  test("an adjacent swap is cheaper than a substitution", () => {
    expect(spellingEditCost("recieve", "receive")).toBe(0.5);
    expect(spellingEditCost("recieve", "relieve")).toBe(1);
    expect(spellingEditCost("teh", "the")).toBe(0.5);
  });

  test("a doubled or undoubled letter costs 0.75, other gaps 1", () => {
    expect(spellingEditCost("untill", "until")).toBe(0.75);
    expect(spellingEditCost("begining", "beginning")).toBe(0.75);
    expect(spellingEditCost("goverment", "government")).toBe(1);
    expect(spellingEditCost("tommorow", "tomorrow")).toBe(1.5);
  });

  test("a dropped accent is half a substitution", () => {
    expect(spellingEditCost("därfor", "därför")).toBe(0.5);
    expect(spellingEditCost("ocksa", "också")).toBe(0.5);
    expect(spellingEditCost("ocksa", "ockra")).toBe(1);
  });

  test("an apostrophe or hyphen gap is half an edit", () => {
    expect(spellingEditCost("dont", "don't")).toBe(0.5);
    expect(spellingEditCost("email", "e-mail")).toBe(0.5);
  });

  test("unrelated words cost their full distance", () => {
    expect(spellingEditCost("skärmtid", "spärrtid")).toBe(2);
    expect(spellingEditCost("", "abc")).toBe(3);
    expect(spellingEditCost("abc", "")).toBe(3);
  });

  test("letters spelling the same sound (s/z, c/s, c/k) cost like a vowel for a vowel", () => {
    expect(spellingEditCost("realise", "realize")).toBe(0.75);
    expect(spellingEditCost("sircle", "circle")).toBe(0.75);
    expect(spellingEditCost("kake", "cake")).toBe(0.75);
    expect(spellingEditCost("bake", "bade")).toBe(1); // k/d: no shared sound
  });

  test("a letter typed two or more places early or late costs one slip, not two edits", () => {
    expect(spellingEditCost("gardne", "garden")).toBe(0.5); // adjacent: still a swap
    expect(spellingEditCost("gadern", "garden")).toBe(1); // "r" typed two places late
    expect(spellingEditCost("bakest", "basket")).toBe(1);
    expect(spellingEditCost("penlci", "pencil")).toBe(1); // "l" two places early
    expect(spellingEditCost("lmaep", "lamp")).toBeGreaterThan(1); // a move and an extra letter
  });

  test("isMovedLetter: one letter shifted by two or more places, either way, nothing else changed", () => {
    const moved = (a: string, b: string) => isMovedLetter(Array.from(a), Array.from(b));
    expect(moved("bakest", "basket")).toBe(true);
    expect(moved("basket", "bakest")).toBe(true);
    expect(moved("penlci", "pencil")).toBe(true);
    expect(moved("pencli", "pencil")).toBe(false); // adjacent: a transposition, not a move
    expect(moved("epncli", "pencil")).toBe(false); // two separate swaps
    expect(moved("blaockd", "blocked")).toBe(false); // lengths differ
    expect(moved("bakesd", "basket")).toBe(false); // a move and a substitution
    expect(moved("basket", "basket")).toBe(false);
  });
});
