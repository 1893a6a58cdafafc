/**
 * Misspellings typical of Swedish learners of English, each with the one intended word: Swedish
 * spelling carried over (adress, exemple, komputer, tecnology), w/v and j/y confusion (wery,
 * jung, jear), th written t (somting), a doubled final l (beautifull) or a single one where
 * English doubles it (realy, finaly), and phrases written as one word (alot, ofcourse). Written
 * for this project from the teaching literature's usual examples; a listed spelling is corrected
 * whenever the dictionary rejects it, without a frequency ranking, because the intended word is known.
 */
export const SWEDISH_LEARNER_ERRORS: ReadonlyMap<string, string> = new Map([
  // Swedish spelling carried over.
  ["adress", "address"], ["adresses", "addresses"], ["exemple", "example"], ["exemples", "examples"],
  ["komputer", "computer"], ["komputers", "computers"], ["tecnology", "technology"], ["teknology", "technology"],
  ["tecnologi", "technology"], ["teknologi", "technology"], ["kultur", "culture"], ["cultur", "culture"],
  ["musik", "music"], ["ekonomy", "economy"], ["economi", "economy"], ["psykology", "psychology"],
  ["demokracy", "democracy"], ["democrasy", "democracy"], ["aktivity", "activity"], ["aktivities", "activities"],
  ["kommunication", "communication"], ["comunication", "communication"], ["informasion", "information"],
  ["situasion", "situation"], ["kompany", "company"], ["intressting", "interesting"], ["intresting", "interesting"],
  ["intrested", "interested"], ["intressted", "interested"], ["problen", "problem"], ["sience", "science"],
  ["familly", "family"], ["kontrol", "control"], ["responsability", "responsibility"],
  // w/v and j/y.
  ["wery", "very"], ["vith", "with"], ["wiew", "view"], ["jung", "young"], ["jear", "year"], ["jears", "years"],
  ["jellow", "yellow"], ["jesterday", "yesterday"],
  // th written t.
  ["somting", "something"], ["anyting", "anything"], ["everyting", "everything"], ["nothning", "nothing"],
  ["tought", "thought"], ["thougt", "thought"], ["togheter", "together"], ["tougether", "together"],
  // Doubled and single l.
  ["beautifull", "beautiful"], ["wonderfull", "wonderful"], ["usefull", "useful"], ["helpfull", "helpful"],
  ["carefull", "careful"], ["powerfull", "powerful"], ["successfull", "successful"], ["realy", "really"],
  ["finaly", "finally"], ["actualy", "actually"], ["usualy", "usually"], ["especialy", "especially"],
  ["personaly", "personally"], ["litle", "little"],
  // Other frequent slips.
  ["evry", "every"], ["diffrent", "different"], ["differend", "different"], ["pepole", "people"],
  ["becouse", "because"], ["beacuse", "because"], ["probaly", "probably"], ["mabye", "maybe"],
  ["shoud", "should"], ["coud", "could"], ["woud", "would"], ["somthing", "something"],
  // Contractions without their apostrophe that the dictionary cannot reach (the pronoun is a capital).
  ["ive", "I've"], ["im", "I'm"],
  // Phrases written as one word.
  ["alot", "a lot"], ["ofcourse", "of course"], ["infront", "in front"], ["eachother", "each other"],
  ["aswell", "as well"], ["atleast", "at least"], ["incase", "in case"],
]);
