import { describe, expect, test } from "bun:test";
import { parseStudentHeader } from "../../src/domain/parse-student.ts";

const BODY =
  "Mobile phones have become part of everyday life for teenagers, and many schools now wonder whether they should be banned during lessons.";

const withBody = (...header: string[]) => [...header, "", BODY].join("\n");

describe("labelled names", () => {
  test.each([
    ["Name: Anna Svensson", "Anna Svensson"],
    ["Namn: Anna Svensson", "Anna Svensson"],
    ["Student: Erik Johansson", "Erik Johansson"],
    ["Student name: Li Wei", "Li Wei"],
    ["Elev: Sara Ali", "Sara Ali"],
    ["Författare: Åsa Öberg", "Åsa Öberg"],
    ["By: Noah Karlsson", "Noah Karlsson"],
    ["NAME : ANNA SVENSSON", "ANNA SVENSSON"],
    ["name:anna svensson", "anna svensson"],
    ["- Name: Anna Svensson", "Anna Svensson"],
    ["Name: Anna-Karin O'Brien", "Anna-Karin O'Brien"],
    ["Name: Ludwig van Beethoven", "Ludwig van Beethoven"],
    ["Name: A. Svensson", "A. Svensson"],
    ["Name: Madonna", "Madonna"],
    ["Name:   Anna Svensson   ", "Anna Svensson"],
  ])("%s", (line, name) => {
    expect(parseStudentHeader(withBody(line))).toEqual({ student_name: name });
  });

  test("the name ends where other details begin", () => {
    expect(parseStudentHeader(withBody("Name: Anna Svensson, Class 9B"))).toEqual({ student_name: "Anna Svensson" });
    expect(parseStudentHeader(withBody("Name: Anna Svensson    Class: 9B"))).toEqual({ student_name: "Anna Svensson" });
    expect(parseStudentHeader(withBody("Name: Anna Svensson | ENG5"))).toEqual({ student_name: "Anna Svensson" });
  });
});

describe("e-mail", () => {
  test("a line with only an e-mail", () => {
    expect(parseStudentHeader(withBody("anna.svensson@skolan.se"))).toEqual({ student_email: "anna.svensson@skolan.se" });
  });

  test("labelled e-mail lines, lower-cased", () => {
    expect(parseStudentHeader(withBody("Email: Anna.Svensson@Skolan.SE"))).toEqual({ student_email: "anna.svensson@skolan.se" });
    expect(parseStudentHeader(withBody("E-post: erik@example.org"))).toEqual({ student_email: "erik@example.org" });
    expect(parseStudentHeader(withBody("E-mail address: <erik@example.org>"))).toEqual({ student_email: "erik@example.org" });
  });

  test.each([
    "Anna Svensson <anna@x.se>",
    "Anna Svensson (anna@x.se)",
    "Anna Svensson, anna@x.se",
    "Anna Svensson - anna@x.se",
    "Name: Anna Svensson <anna@x.se>",
    "Namn: Anna Svensson, anna@x.se",
  ])("name and e-mail together: %s", (line) => {
    expect(parseStudentHeader(withBody(line))).toEqual({ student_name: "Anna Svensson", student_email: "anna@x.se" });
  });

  test("name and e-mail on separate lines around a title", () => {
    const text = withBody("Mobile phones in school", "Name: Anna Svensson", "Class: 9B", "mailto:anna@x.se");
    expect(parseStudentHeader(text)).toEqual({ student_name: "Anna Svensson", student_email: "anna@x.se" });
  });

  test("the first of each wins", () => {
    const text = withBody("Name: Anna Svensson", "Name: Someone Else", "a@x.se", "b@x.se");
    expect(parseStudentHeader(text)).toEqual({ student_name: "Anna Svensson", student_email: "a@x.se" });
  });
});

describe("never invents a name", () => {
  test("ordinary essay text gives nothing", () => {
    const essay = [
      "Should Schools Ban Mobile Phones?",
      "",
      "In my opinion schools should not ban mobile phones completely.",
      "My friend Anna Svensson says that phones help her with homework.",
    ].join("\n");
    expect(parseStudentHeader(essay)).toEqual({});
  });

  test("a bare name-like first line is not taken as a name (titles look the same)", () => {
    expect(parseStudentHeader(withBody("Anna Svensson"))).toEqual({});
    expect(parseStudentHeader(withBody("Phones Off"))).toEqual({});
  });

  test("a label followed by prose is not a name", () => {
    expect(parseStudentHeader(withBody("Student: I think phones should be allowed in every classroom"))).toEqual({});
    expect(parseStudentHeader(withBody("Student: Phones are great"))).toEqual({});
  });

  test("placeholders are not names", () => {
    for (const value of ["Your Name", "Namn", "Förnamn Efternamn", "___", "[name]", "N/A", "-", "12345", "X"]) {
      expect(parseStudentHeader(withBody(`Name: ${value}`))).toEqual({});
    }
  });

  test("dashes are not label separators ('Student - teacher relations' is a title)", () => {
    expect(parseStudentHeader(withBody("Student - teacher relations"))).toEqual({});
  });

  test("an e-mail inside prose is not the student's", () => {
    expect(parseStudentHeader(withBody("You can write to the school at info@skolan.se if you disagree"))).toEqual({});
  });

  test("a name below the header area is ignored", () => {
    const text = ["Title", "Line two", "Line three", "Line four", "Line five", "Line six", "Name: Anna Svensson"].join("\n");
    expect(parseStudentHeader(text)).toEqual({});
  });

  test("a name after the first paragraph is ignored", () => {
    expect(parseStudentHeader(`${BODY} ${BODY}\nName: Anna Svensson`)).toEqual({});
  });
});

test("CRLF, BOM and blank lines before the header are fine", () => {
  const text = "\ufeff\r\n\r\nNamn: Åsa Öberg\r\nE-post: asa@skolan.se\r\n\r\n" + BODY;
  expect(parseStudentHeader(text)).toEqual({ student_name: "Åsa Öberg", student_email: "asa@skolan.se" });
});
