/** Four short essays with known misspellings (recieve, beleive, thier, teh, tommorow). */
export const MISSPELT_ESSAYS = [
  "Name: Ada Berg\n\nMany students recieve their first phone before they are twelve. Phones are useful, but in class they pull attention away from the lesson. I beleive schools should ask students to keep phones in their bags during lessons, because learning needs focus.",
  "Name: Ben Carlsson\n\nTeachers say that students check thier phones all the time. When a message arrives, the student stops listening. A calm classroom helps everyone, so a clear rule about phones would make school better for students and teachers alike.",
  "Name: Cleo Dahl\n\nSome people think teh phone is a learning tool. It can be, when the teacher plans the lesson around it. Without a plan, however, the phone becomes a game machine, and the lesson suffers. Rules should depend on the subject and the teacher.",
  "Name: Dan Ek\n\nIf phones were banned tommorow, students would complain at first. After a few weeks, most would notice that breaks are more social and lessons more focused. A ban is strict, but it protects the time that school is meant to give us.",
];

export const EXPECTED_CORRECTIONS: [number, string, string][] = [
  [0, "recieve", "receive"],
  [0, "beleive", "believe"],
  [1, "thier", "their"],
  [2, "teh", "the"],
  [3, "tommorow", "tomorrow"],
];
