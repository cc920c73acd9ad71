import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { articleSchema, type Article } from '../../jobs/article/contract.js';
import { checkFacts } from '../../jobs/article/checks/facts/index.js';
import { baseLanguage } from '../../jobs/article/text/language.js';
import { applyTypography } from '../../jobs/article/typography.js';

const read = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): Article => articleSchema.parse(JSON.parse(read(`lavrov-pyongyang.${name}.json`)));

const lavrov = { text: read('lavrov-pyongyang.fr.txt'), language: 'fr' };
const esa = { text: read('esa-satellite.en.txt'), language: 'en' };
const revised = fixture('revised');

/** The revised article with one more paragraph at the end of its first section. */
function withParagraph(paragraph: string, article: Article = revised): Article {
  const [first, ...rest] = article.sections;
  assert.ok(first);
  return { ...article, sections: [{ ...first, paragraphs: [...first.paragraphs, paragraph] }, ...rest] };
}

/** A minimal article: the facts check reads every text field, length does not matter here. */
function article(lead: string, paragraphs: string[], extra: Partial<Article> = {}): Article {
  return {
    title: 'Titre',
    seo_title: 'Titre',
    focus_keyword: 'satellite',
    slug: 'titre',
    meta_description: 'Description.',
    excerpt: 'Extrait.',
    lead,
    sections: [{ heading: 'Intertitre', paragraphs }],
    tags: [],
    ...extra,
  };
}

test('the Lavrov fixtures pass against their French source', () => {
  for (const answer of [revised, applyTypography(revised), fixture('first-draft')]) {
    const report = checkFacts({ answer, source: lavrov });
    assert.deepEqual(report.findings, []);
    assert.equal(report.passed, true);
    assert.deepEqual(report.unverified_names, []);
  }
  const report = checkFacts({ answer: revised, source: lavrov });
  assert.ok(report.checked.numbers >= 10, 'deux, 19, 2023, 1 000 are checked');
  assert.ok(report.checked.dates >= 10, 'septembre, octobre, mercredi, jeudi, vendredi are checked');
  assert.equal(report.checked.quotes, 5);
  assert.ok(report.checked.names > 50);
});

test('an invented figure fails, named', () => {
  const answer = withParagraph('Selon Séoul, 15 000 soldats nord-coréens seraient prêts à partir.');
  const report = checkFacts({ answer, source: lavrov });
  assert.equal(report.passed, false);
  assert.equal(report.missing.numbers.length, 1);
  assert.match(report.missing.numbers[0] ?? '', /^15 000 \(.*15 000 soldats/);
  const finding = report.findings.find((f) => f.id === 'invented_number');
  assert.ok(finding);
  assert.match(finding.message, /15 000/);
  assert.match(finding.instruction, /« 15 000 \(/);
});

test('an invented quotation fails, named', () => {
  const quote = 'Nous ne céderons jamais à la pression américaine';
  const report = checkFacts({ answer: withParagraph(`Kim Jong-un a martelé : « ${quote} ».`), source: lavrov });
  assert.deepEqual(report.missing.quotes, [quote]);
  const finding = report.findings.find((f) => f.id === 'invented_quote');
  assert.ok(finding);
  assert.match(finding.message, new RegExp(quote));
  assert.match(finding.instruction, /mot pour mot/);
});

test('quotations match modulo typography, and may skip words with an ellipsis', () => {
  const answers = [
    'Lavrov a dénoncé : «\u00A0les Etats-Unis, le Japon et la Corée du Sud intensifient leurs activités militaires ici\u00A0».',
    'Il a évoqué « LES ÉTATS-UNIS, LE JAPON ET LA CORÉE DU SUD » selon Tass.',
    'Easley parle de « la récente flotte de conteneurs […] n’était pas la dernière transaction Kim-Poutine ».',
    'Il salue le “soutien indéfectible et de principe” de Pyongyang.',
  ];
  for (const paragraph of answers) {
    const report = checkFacts({ answer: withParagraph(paragraph), source: lavrov });
    assert.deepEqual(report.missing.quotes, [], paragraph);
  }
  const altered = withParagraph('Il salue le « soutien total et de principe » de Pyongyang.');
  assert.deepEqual(checkFacts({ answer: altered, source: lavrov }).missing.quotes, ['soutien total et de principe']);
});

test('an invented date, month or weekday fails', () => {
  const report = checkFacts({
    answer: withParagraph('Le 12 octobre, puis en mars, Lavrov aurait appelé Kim Jong-un un lundi.'),
    source: lavrov,
  });
  assert.equal(report.passed, false);
  const dates = report.missing.dates.join(' | ');
  assert.match(dates, /12 octobre/);
  assert.match(dates, /mars/);
  assert.match(dates, /lundi/);
  // `12` is checked with its month, not again as a bare number.
  assert.deepEqual(report.missing.numbers, []);
});

test('an invented name fails against a French source', () => {
  const report = checkFacts({ answer: withParagraph('Emmanuel Macron a réagi depuis l’Élysée.'), source: lavrov });
  assert.deepEqual(report.missing.names, ['Emmanuel Macron', 'Élysée']);
  assert.ok(report.findings.some((f) => f.id === 'invented_name' && /Emmanuel Macron/.test(f.message)));
});

test('titles and lowercase words of the source are no invented names', () => {
  const source = { text: 'Inês Valadão, surfeuse portugaise, a battu le record, selon la docteure Priya Raman.', language: 'fr' };
  const report = checkFacts({ answer: article('Le record de la Portugaise Inês Valadão, selon la Dre Priya Raman.', []), source });
  assert.deepEqual(report.missing.names, []);
  assert.deepEqual(checkFacts({ answer: article('Selon la Dre Anne Raman, le record tient.', []), source }).missing.names, ['Anne Raman']);
});

test('sentence openers are not taken for names', () => {
  const report = checkFacts({
    answer: withParagraph('Pourtant Moscou se tait. Reçu par Kim, Lavrov sourit. Selon Tass, Lavrov insiste.'),
    source: lavrov,
  });
  assert.deepEqual(report.missing.names, []);
});

test('numbers are compared as values across notations and languages', () => {
  const source = {
    text: 'Officials said 1,000 containers and two ships left on December 2, a 3.5 percent rise; 10% more than in May. Cost: 3.4 billion euros.',
    language: 'en',
  };
  const answer = article(
    'Les responsables évoquent 1\u00A0000 conteneurs et deux navires partis le 2 décembre.',
    ['Une hausse de 3,5 %, soit 10 pour cent de plus qu’en mai, pour 3,4 milliards d’euros.'],
  );
  const report = checkFacts({ answer, source });
  assert.deepEqual(report.missing, { numbers: [], dates: [], quotes: [], names: [] });

  for (const figure of ['1000', '1 000', '1,000', 'mille']) {
    const same = article(`Il y a ${figure} conteneurs.`, []);
    assert.deepEqual(checkFacts({ answer: same, source }).missing.numbers, [], figure);
  }
  const wrong = article('Une hausse de 3,5 points et de 12 % des coûts, sur trois navires.', []);
  const wrongReport = checkFacts({ answer: wrong, source });
  assert.deepEqual(wrongReport.missing.numbers.map((n) => n.split(' (')[0]), ['12 %']);
  // A small count the source does not write is for the editor, not a failure.
  assert.deepEqual(wrongReport.unverified_counts.map((n) => n.split(' (')[0]), ['trois']);
  // 3.5 as a percentage in the source does not make any 3,5 a percentage, but the reverse holds.
  const percent = article('Les coûts montent de 2 %.', []);
  assert.deepEqual(checkFacts({ answer: percent, source: { text: 'Two ships.', language: 'en' } }).missing.numbers.length, 1);
});

test('compound number words and scales', () => {
  const source = { text: 'Il y avait 2 000 soldats, 17 navires, 80 avions et 3 millions de dollars.', language: 'fr' };
  const answer = article('Deux mille soldats, dix-sept navires, quatre-vingts avions et trois millions de dollars.', []);
  assert.deepEqual(checkFacts({ answer, source }).missing.numbers, []);
  const single = article('Un navire neuf, un avion, une fois.', []);
  assert.equal(checkFacts({ answer: single, source }).checked.numbers, 0, '`un`, `une`, `neuf` alone are not figures');
});

test('identifiers glued to letters must appear as such', () => {
  const answer = article('Le satellite MetOp-SG B2 est retardé.', []);
  const report = checkFacts({ answer, source: esa });
  assert.match(report.missing.numbers.join(), /^B2 /);
  const ok = article('Le satellite MetOp-SG B1, jumeau de MetOp-SG A1, est retardé.', []);
  assert.deepEqual(checkFacts({ answer: ok, source: esa }).missing.numbers, []);
});

test('an English source: names matched through their French forms, the rest listed for the editor', () => {
  const answer = article(
    'L’Agence spatiale européenne a reporté d’au moins six semaines le lancement du satellite MetOp-SG B1, prévu le 2 décembre à bord d’une fusée Ariane 6 depuis Kourou, en Guyane française.',
    [
      'Mardi, l’Agence spatiale européenne a expliqué qu’une vanne défectueuse avait été découverte dans l’étage supérieur du lanceur.',
      'Selon Météo-France et le Met Office du Royaume-Uni, ses données pourraient améliorer jusqu’à 10 % les prévisions de tempêtes à trois jours.',
      'Les pays membres de l’ESA ont approuvé un budget de 3,4 milliards d’euros pour ce programme mené avec Eumetsat. Son jumeau, MetOp-SG A1, avait déjà été retardé de deux mois au printemps.',
      '« Le satellite lui-même est en bonne santé », a assuré le directeur des lanceurs de l’Agence.',
    ],
    { tags: ['Agence spatiale européenne', 'Guyane française'] },
  );
  const report = checkFacts({ answer, source: esa });
  assert.deepEqual(report.findings, []);
  assert.deepEqual(report.unverified_quotes, ['Le satellite lui-même est en bonne santé']);
  // A translated name is for the editor; a person none of whose names the source shows is invented.
  const translated = checkFacts({ answer: article('Le lancement attendra, selon le Parlement européen.', []), source: esa });
  assert.deepEqual(translated.unverified_names, ['Parlement']);
  assert.deepEqual(translated.findings, []);
  // A quotation from a source that quotes nobody is invented, in any language.
  const unquoted = { text: 'The agency said the launch would wait six weeks.', language: 'en' };
  const quoted = checkFacts({ answer: article('« Le lancement attendra », a dit l’agence.', []), source: unquoted });
  assert.deepEqual(quoted.missing.quotes, ['Le lancement attendra']);
  const person = checkFacts({ answer: article('Le lancement attendra, selon Josef Aschbacher.', []), source: esa });
  assert.deepEqual(person.missing.names, ['Josef Aschbacher']);
  // Transliterated across languages, a person is still the source's.
  const german = { text: 'Wladimir Putin und Wolodymyr Selenskyj telefonierten am Montag.', language: 'de' };
  const leaders = checkFacts({ answer: article('Vladimir Poutine et Volodymyr Zelensky se sont parlé lundi.', []), source: german });
  assert.deepEqual(leaders.findings, []);

  const wrong = article('Le lancement était prévu le 3 décembre, un lundi, avec 20 % de gains.', []);
  const failed = checkFacts({ answer: wrong, source: esa });
  assert.deepEqual(failed.missing.dates.map((d) => d.split(' (')[0]), ['3 décembre', 'lundi']);
  assert.deepEqual(failed.missing.numbers.map((n) => n.split(' (')[0]), ['20 %']);
});

test('country names through i18n-iso-countries, other names through the table', () => {
  const source = { text: 'Ships left Antwerp for the Mediterranean and the UK, then North Korea.', language: 'en' };
  const answer = article('Les navires ont quitté Anvers pour la Méditerranée, le Royaume-Uni puis la Corée du Nord.', []);
  const report = checkFacts({ answer, source });
  assert.deepEqual(report.unverified_names, []);
  const spanish = { text: 'Los barcos zarparon hacia el Mediterráneo y el Reino Unido.', language: 'es' };
  const answerEs = article('Les navires sont partis vers la Méditerranée et le Royaume-Uni.', []);
  assert.deepEqual(checkFacts({ answer: answerEs, source: spanish }).unverified_names, []);
});

test('language codes', () => {
  assert.equal(baseLanguage('fr_FR'), 'fr');
  assert.equal(baseLanguage('fra'), 'fr');
  assert.equal(baseLanguage('EN-us'), 'en');
});

/** The answer's figures and dates the check fails, without their excerpts. */
const hard = (report: ReturnType<typeof checkFacts>): string[] =>
  [...report.missing.numbers, ...report.missing.dates].map((item) => item.split(' (')[0]!);

test('a Spanish dateline with an abbreviated month and a weekday: lundi 14 avril is faithful', () => {
  const source = { text: 'Madrid, 14 abr — El Gobierno anunció este lunes que almacenará 30.000 metros cúbicos de agua, un 1,5 por ciento más.', language: 'es' };
  const answer = article('Le gouvernement a annoncé lundi 14 avril qu’il stockerait 30 000 m³ d’eau, soit 1,5 % de plus.', []);
  const report = checkFacts({ answer, source });
  assert.deepEqual(hard(report), []);
  assert.equal(report.passed, true);
  // The same date shifted, or another weekday with it, is still caught.
  assert.deepEqual(hard(checkFacts({ answer: article('Annonce du mardi 15 avril : 30 000 m³.', []), source })), ['15 avril', 'mardi']);
  assert.deepEqual(hard(checkFacts({ answer: article('Il stockera 40 000 m³ et 2,5 % de plus.', []), source })), ['40 000', '2,5 %']);
});

test('relative days resolve against the dateline; a weekday with a date is checked against the stated year', () => {
  const source = { text: 'Lisboa, 14 abr 2025 — O ministro disse ontem que a obra custou 2,3 milhões de euros.', language: 'pt' };
  assert.deepEqual(hard(checkFacts({ answer: article('Le ministre a parlé le 13 avril, pour 2,3 millions d’euros.', []), source })), []);
  // 14 April 2025 was a Monday.
  assert.deepEqual(hard(checkFacts({ answer: article('Lundi 14 avril, le ministre a parlé.', []), source })), []);
  assert.deepEqual(hard(checkFacts({ answer: article('Mercredi 14 avril, le ministre a parlé.', []), source })), ['Mercredi']);
  assert.deepEqual(hard(checkFacts({ answer: article('Le ministre a parlé le 12 avril.', []), source })), ['12 avril']);
});

test('a relative weekday the answer turns into a date: listed for the editor', () => {
  const source = { text: 'MADRID, 14 abr — El ministro habló el pasado lunes de 30.000 metros cúbicos y 2,5 km.', language: 'es' };
  const report = checkFacts({ answer: article('Le ministre a parlé le lundi 7 avril.', []), source });
  assert.equal(report.passed, true);
  assert.deepEqual(report.unverified_dates.map((d) => d.split(' (')[0]), ['7 avril']);
  // Beyond a week of the dateline, or another weekday than the source's, it is invented.
  assert.deepEqual(hard(checkFacts({ answer: article('Le ministre a parlé le lundi 28 avril.', []), source })), ['28 avril']);
  assert.deepEqual(hard(checkFacts({ answer: article('Le ministre a parlé le mardi 8 avril.', []), source })), ['8 avril', 'mardi']);
  // With a year, the weekday must be that date's: 7 April 2025 was a Monday, 8 April a Tuesday.
  const dated = { ...source, text: source.text.replace('14 abr', '14 abr 2025') };
  assert.deepEqual(hard(checkFacts({ answer: article('Le ministre a parlé le lundi 7 avril.', []), source: dated })), []);
  assert.deepEqual(hard(checkFacts({ answer: article('Le ministre a parlé le lundi 8 avril.', []), source: dated })), ['8 avril']);
});

test('ranges and lists: every day of them, with their weekdays', () => {
  const night = { text: 'Les orages ont frappé la ville dans la nuit du mardi 14 au mercredi 15 octobre, selon la préfecture.', language: 'fr' };
  assert.deepEqual(hard(checkFacts({ answer: article('Les orages ont frappé le mardi 14 octobre.', []), source: night })), []);
  assert.deepEqual(hard(checkFacts({ answer: article('Les orages ont frappé le jeudi 16 octobre.', []), source: night })), ['16 octobre', 'jeudi']);
  // A weekday and a figure are no date when a noun follows: the figure is checked as such.
  const crowd = { text: 'Lundi 14 octobre, 30 000 manifestants ont défilé.', language: 'fr' };
  assert.deepEqual(hard(checkFacts({ answer: article('Ce lundi, 30 000 manifestants ont défilé le 14 octobre.', []), source: crowd })), []);
  assert.deepEqual(hard(checkFacts({ answer: article('Lundi 40 000 manifestants ont défilé.', []), source: crowd })), ['40 000']);
  const cases: Array<[string, string, string]> = [
    ['fr', 'Le festival a lieu du 3 au 5 juin à Lyon.', 'Le festival ouvre le 3 juin.'],
    ['de', 'Die Streiks sind für den 10. und 11. März angekündigt.', 'Les grèves commencent le 10 mars.'],
    ['de', 'Die Messe läuft vom 3. bis 5. Mai in Berlin.', 'Le salon ouvre le 3 mai.'],
    ['es', 'La cumbre será del 14 al 15 de octubre en Sevilla.', 'Le sommet s’ouvre le 14 octobre.'],
    ['it', 'ROMA, 14 ott. — Il vertice si è chiuso ieri.', 'Le sommet s’est achevé le 13 octobre.'],
    ['en', 'The vote is due on Apr. 15, officials said on Sept. 3.', 'Le vote aura lieu le 15 avril, selon un communiqué du 3 septembre.'],
    ['de', 'Am Mär. 3 begann der Prozess.', 'Le procès a débuté le 3 mars.'],
    ['en', 'The museum opens on April 14 from 3 to 5 p.m.', 'Le musée ouvre le 14 avril de 15 h à 17 h.'],
    ['en', 'The fair runs March 3-5 and Oct. 3, 4 and 5.', 'La foire se tient jusqu’au 5 mars, puis le 4 octobre.'],
    ['de', 'Der Prozess beginnt am 14.10.2025 und endet am 3.11.', 'Le procès s’ouvre le 14 octobre et s’achève le 3 novembre.'],
    ['pt', 'O temporal atingiu a cidade na quarta (5) de fevereiro.', 'L’orage a frappé la ville le mercredi 5 février.'],
    ['it', 'Il cantiere è partito il primo settembre.', 'Le chantier a démarré le 1er septembre.'],
    ['en', 'Work resumes in mid-March.', 'Les travaux reprennent en mars, à la mi-mars.'],
    ['it', 'ROMA, 14 APR — Il governo ha approvato il testo.', 'Le gouvernement a approuvé le texte le 14 avril.'],
    ['fr', 'Le chantier a duré entre 2019 et 2021.', 'Le chantier a duré de 2019 à 2021.'],
  ];
  for (const [language, text, answer] of cases) {
    assert.deepEqual(hard(checkFacts({ answer: article(answer, []), source: { text, language } })), [], `${language}: ${text}`);
  }
});

test('figures by language: separators, units with superscripts, percent words, ordinals', () => {
  const cases: Array<[string, string, string]> = [
    ['es', 'Se almacenarán 30.000 metros cúbicos, un 12 por ciento más.', 'On stockera 30 000 m³, 12 % de plus.'],
    ['es', 'Se almacenarán 30.000 metros cúbicos en 2 km².', 'On stockera 30 000 m3 sur 2 km2.'],
    ['de', 'Die Fläche beträgt 1.200 m² und stieg um 4,5 Prozent bei 30 °C.', 'La surface atteint 1 200 m², en hausse de 4,5 %, par 30 °C.'],
    ['it', 'Sono 30.000 persone, il 7 per cento in più.', 'Ils sont 30 000, 7 % de plus.'],
    ['pt', 'São 30.000 pessoas e 1,5 milhão de euros.', 'Ils sont 30 000, pour 1,5 million d’euros.'],
    ['en', 'About 12,000 people joined, 1.5 times more, on the 2nd day of the 19th-century fair.', 'Quelque 12 000 personnes, 1,5 fois plus, le 2e jour de cette foire du XIXe siècle.'],
    ['es', 'Es el segundo edificio del siglo XIX.', 'C’est un édifice du XIXe siècle.'],
    ['en', 'Prices rose 15pc to £4.5bn, with 1.2m more buyers.', 'Les prix ont grimpé de 15 % à 4,5 milliards de livres, avec 1,2 million d’acheteurs de plus.'],
  ];
  for (const [language, text, answer] of cases) {
    assert.deepEqual(hard(checkFacts({ answer: article(answer, []), source: { text, language } })), [], `${language}: ${text}`);
  }
  // Read in its language, `12,000` is not 12 in English, and `30.000` not 30 in Spanish.
  assert.deepEqual(hard(checkFacts({ answer: article('Il y a 12 personnes.', []), source: { text: 'About 12,000 people.', language: 'en' } })), ['12']);
  assert.deepEqual(hard(checkFacts({ answer: article('Il y a 30 m³.', []), source: { text: 'Es sind 30.000 Kubikmeter.', language: 'de' } })), ['30']);
  assert.deepEqual(hard(checkFacts({ answer: article('Il y a 30 m³.', []), source: { text: 'Hay 30.000 metros cúbicos y 2,5 kilómetros.', language: 'es' } })), ['30']);
  // The document's own figures decide, not the language: Mexican Spanish groups with commas.
  assert.deepEqual(hard(checkFacts({ answer: article('Quelque 48 000 usagers, 2,5 fois plus.', []), source: { text: 'Unos 48,000 usuarios, 2.5 veces más.', language: 'es' } })), []);
  assert.deepEqual(hard(checkFacts({ answer: article('Un édifice du XVIIIe siècle.', []), source: { text: 'Es del siglo XIX.', language: 'es' } })), ['XVIIIe']);
});

test('spelled numbers in each source language', () => {
  const cases: Array<[string, string]> = [
    ['en', 'Twenty ships and forty containers; twenty-five left.'],
    ['es', 'Veinte barcos y cuarenta contenedores.'],
    ['de', 'Fünfundzwanzig? Nein: zwanzig Schiffe und vierzig Container.'],
    ['de', 'Zwanzigtausend? Nein: zwanzigköpfige Crews auf vierzigjährigen Schiffen.'],
    ['it', 'Venti navi e quaranta container, dopo duemila anni e vent’anni di attesa.'],
    ['pt', 'Vinte navios e quarenta contentores.'],
  ];
  for (const [language, text] of cases) {
    const answer = language === 'it' ? 'Vingt navires et quarante conteneurs, après deux mille ans.' : 'Vingt navires et quarante conteneurs.';
    const report = checkFacts({ answer: article(answer, []), source: { text, language } });
    assert.deepEqual(hard(report), [], `${language}: ${text}`);
  }
});

test('small counts the source does not write are listed for the editor; measured ones stay hard', () => {
  const source = { text: 'Le projet est financé par la Région et par l’État, qui apportent 40 millions d’euros.', language: 'fr' };
  const report = checkFacts({ answer: article('Le projet repose sur deux piliers, quatre financeurs au total, pour 40 millions d’euros.', []), source });
  assert.equal(report.passed, true);
  assert.deepEqual(report.unverified_counts.map((n) => n.split(' (')[0]), ['deux', 'quatre']);
  const measured = checkFacts({ answer: article('Le chantier durera trois ans et coûtera 5 % de plus, soit 2 millions d’euros.', []), source });
  assert.deepEqual(hard(measured).sort(), ['2 millions', '5 %', 'trois']);
});

test('words that are not facts: idioms with a number word, French elisions before a name', () => {
  const source = { text: 'Sergueï Lavrov a reconstruit le ministère. Lavrov a parlé.', language: 'fr' };
  const report = checkFacts({ answer: article('Lavrov a dû partir de zéro. C’est Lavrov qui a parlé, à deux pas du ministère. Qu’Lavrov parle.', []), source });
  assert.deepEqual(report.missing.names, []);
  assert.deepEqual(report.unverified_counts, []);
  assert.equal(report.passed, true);
});

test('French times: the hour must be one the source states, in 24-hour or 12-hour form', () => {
  const source = { text: 'The session opens at 3:30 p.m. and closes at 18:00.', language: 'en' };
  assert.deepEqual(hard(checkFacts({ answer: article('La séance ouvre à 15 h 30 et ferme à 18 h.', []), source })), []);
  assert.deepEqual(hard(checkFacts({ answer: article('La séance ouvre à 16h30.', []), source })), ['16h30']);
  // Written as a figure with its unit, `15 heures` reads the 12-hour source too.
  const spanish = { text: 'La sesión abrirá a las 3 de la tarde y cerrará a las 5 de la tarde.', language: 'es' };
  assert.deepEqual(hard(checkFacts({ answer: article('La séance ouvrira à 15 heures et fermera à 17 heures.', []), source: spanish })), []);
  assert.deepEqual(hard(checkFacts({ answer: article('La séance ouvrira à 16 heures.', []), source: spanish })), ['16']);
});
