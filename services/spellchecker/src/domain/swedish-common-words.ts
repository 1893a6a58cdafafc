/**
 * Very common Swedish word forms, written for this project from general knowledge of the
 * language (function words, the commonest verbs in present, past and supine, nouns with their
 * definite forms, adjectives). No Swedish frequency list ships in the npm registry or in
 * Debian's archive (checked: dictionary-sv, @cspell/dict-sv, aspell-sv and hunspell-sv are
 * word lists without counts), so this list is the frequency prior for Swedish: a listed form
 * outranks an unlisted one, and unlisted dictionary words rank equally among themselves.
 */
export const SWEDISH_COMMON_WORDS: readonly string[] = (
  // Function words.
  "och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så " +
  "kan man när år säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns " +
  "vara hade alla andra mycket än här då sedan över bara in blir upp även vad få två vill ha många hur " +
  "mer går sitt du honom henne hans hennes deras dem dessa detta denna vilken vilket vilka eftersom utan " +
  "mellan genom inom min mitt mina din ditt dina vår vårt våra sina oss mig dig ingen inget inga något " +
  "någon några varje samma själv själva egen eget egna hela helt redan ofta alltid aldrig kanske " +
  "ganska väldigt lite mindre mest minst första sista nästa både varför därför dessutom ändå också " +
  "medan innan tills fast trots enligt bland utom kring runt hos åt bakom framför bredvid mitt emot " +
  "igen inte ännu snart tillbaka tillsammans verkligen egentligen nog just sådan sådant sådana " +
  // Verbs.
  "är var varit vara blir blev blivit bli har hade haft ha kan kunde kunnat kunna ska skulle vill ville " +
  "velat vilja måste fick fått få går gick gått gå kommer kom kommit komma ser såg sett se tar tog " +
  "tagit ta gör gjorde gjort göra säger sa sade sagt säga tycker tyckte tyckt tycka tror trodde trott " +
  "tro vet visste vetat veta finns fanns funnits finnas står stod stått stå ligger låg legat ligga " +
  "sitter satt suttit sitta bor bodde bott bo lever levde levt leva heter hette hetat heta börjar " +
  "började börjat börja slutar slutade slutat sluta spelar spelade spelat spela älskar älskade älskat " +
  "älska brukar brukade brukat bruka pratar pratade pratat prata läser läste läst läsa skriver skrev " +
  "skrivit skriva lär lärde lärt lära lyssnar lyssnade lyssna tittar tittade tittat titta arbetar " +
  "arbetade arbeta jobbar jobbade jobba hjälper hjälpte hjälpt hjälpa behöver behövde behövt behöva " +
  "känner kände känt känna tänker tänkte tänkt tänka förstår förstod förstått förstå väntar väntade " +
  "vänta köper köpte köpt köpa äter åt ätit äta dricker drack druckit dricka sover sov sovit sova " +
  "springer sprang sprungit springa åker åkte åkt åka träffar träffade träffa handlar handlade " +
  "handla använder använde använt använda betyder betydde betyda verkar verkade verka hoppas hoppades " +
  "kallas kallades visar visade visat visa ger gav gett ge får låter lät låta möter mötte möta " +
  // Nouns with definite and plural forms.
  "skola skolan skolor skolorna elev eleven elever eleverna lärare läraren lärarna klass klassen " +
  "klasser lektion lektionen lektioner barn barnet barnen vän vännen vänner vännerna familj familjen " +
  "mamma mamman pappa pappan bror brodern syster systern människa människan människor människorna " +
  "person personen personer land landet länder stad staden städer gata gatan gator gatorna hus huset " +
  "husen hem hemmet rum rummet dag dagen dagar år året åren vecka veckan veckor tid tiden gång gången " +
  "gånger morgon morgonen kväll kvällen natt natten liv livet värld världen samhälle samhället " +
  "problem problemet problemen fråga frågan frågor sätt sättet del delen delar bok boken böcker " +
  "telefon telefonen mobil mobilen dator datorn spel spelet spelen musik musiken film filmen " +
  "arbete arbetet jobb jobbet pengar vatten mat maten bil bilen buss bussen sommar sommaren vinter " +
  "vintern fotboll fotbollen match matchen lag laget ord ordet språk språket svenska engelska " +
  "exempel exemplet anledning anledningen framtid framtiden regel regeln regler reglerna " +
  // Adjectives and adverbs.
  "bra dålig dåligt dåliga stor stort stora liten litet lilla små ny nytt nya gammal gammalt gamla " +
  "god gott goda lång långt långa kort kortare viktig viktigt viktiga svår svårt svåra lätt lätta " +
  "rolig roligt roliga tråkig tråkigt glad glada ledsen arg trött själv vanlig vanligt vanliga " +
  "enkel enkelt enkla fri fritt fria hög högt höga låg lågt bättre bäst sämre sämst större störst " +
  "mindre fler flera flest olika möjligt säkert klart tydligt snabbt långsamt tidigt sent idag " +
  "igår imorgon ibland nästan"
).split(/\s+/).filter((word) => word !== "");
