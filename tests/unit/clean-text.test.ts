import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  cleanText,
  fixQuoteMarks,
  normaliseDateline,
  normaliseWhitespace,
  removeCutFragments,
  removeDoubledAttributions,
  removeFusedHeadlines,
  removePhotoCaptions,
  removePhotoCredits,
  removeTrailers,
  splitGluedSentences,
} from '../../jobs/article/source/clean-text.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const lavrovRaw = fixture('lavrov-pyongyang.fr.txt');
const esaRaw = fixture('esa-satellite.en.txt');
const lavrov = cleanText(lavrovRaw);
const esa = cleanText(esaRaw);
const words = (s: string): number => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** Text a conservative cleaner must leave exactly as it is. */
const LOOK_ALIKES = [
  'Les responsables des U.S. ont réagi.',
  'La croissance a atteint 3.5 % puis 3,5 % en 2023.',
  'Le pays est dirigé par Kim Jong-un. Il a reçu Lavrov.',
  'Voir https://ex.com/a.b et https://ex.com/Page.Html pour le détail.',
  'Écrire à jean.Dupont@ex.com avant 10h30.',
  'Le livre de J.R.R. Tolkien est cité par M. Dupont, Mme. Martin, etc. Le reste suit.',
  'Il hésita... Puis il partit.',
  'Il a publié sur YouTube et LinkedIn une vidéo. Le McDonald ferme.',
  "L'agence (AFP) a indiqué que le vol durait 2 h.",
];

describe('normaliseWhitespace', () => {
  test('collapses spaces, non-breaking spaces and stray space before a dot or comma', () => {
    assert.equal(normaliseWhitespace('Un\u00A0 texte ,\tici .\n\n\n\nSuite'), 'Un texte, ici.\n\nSuite');
  });
  test('keeps a line break as a paragraph break but joins hard-wrapped lines', () => {
    assert.equal(normaliseWhitespace('Titre\nLe texte commence\nici et continue.\nAutre.'), 'Titre\n\nLe texte commence ici et continue.\n\nAutre.');
  });
  test('leaves ellipses and look-alikes alone', () => {
    for (const s of LOOK_ALIKES) assert.equal(normaliseWhitespace(s), s);
    assert.equal(normaliseWhitespace('Et puis ... rien.'), 'Et puis ... rien.');
  });
});

describe('splitGluedSentences', () => {
  test('splits sentences glued after a word, a digit, a quote or a credit', () => {
    assert.equal(splitGluedSentences('à Pyongyang.Le ministre'), 'à Pyongyang. Le ministre');
    assert.equal(splitGluedSentences('« à sa convenance ».KCNA a indiqué'), '« à sa convenance ». KCNA a indiqué');
    assert.equal(splitGluedSentences('en 2023.À Lyon, rien.Vraiment?Oui!Non'), 'en 2023. À Lyon, rien. Vraiment? Oui! Non');
    assert.equal(splitGluedSentences('à Pyongyang. (PA)Au cours'), 'à Pyongyang. (PA) Au cours');
    assert.equal(splitGluedSentences("de l’ONU.L’agence"), "de l’ONU. L’agence");
  });
  test('on the lavrov text', () => {
    assert.match(lavrov.text, /Pyongyang\. Le ministre russe/);
    assert.match(lavrov.text, /Vladimir Poutine\. La semaine dernière/);
    assert.match(lavrov.text, /« à sa convenance »\. KCNA a indiqué/);
    assert.doesNotMatch(lavrov.text, /[\p{Ll}»][.!?]\p{Lu}/u);
  });
  test('leaves abbreviations, initials, decimals, URLs, e-mails and ellipses alone', () => {
    for (const s of LOOK_ALIKES) assert.equal(splitGluedSentences(s), s);
    assert.equal(splitGluedSentences('Mme.Dupont et Dr.Martin'), 'Mme.Dupont et Dr.Martin');
    assert.equal(splitGluedSentences('la version 3.5 de U.S.A.Today, en ASP.NET'), 'la version 3.5 de U.S.A.Today, en ASP.NET');
  });
});

describe('removeTrailers', () => {
  test('removes Source link, Related:, LIRE AUSSI boxes and reporting credits', () => {
    const r = removeTrailers(
      'Texte.\n\nLIRE AUSSI\n\nMétro E : le tracé définitif dévoilé\n\nSuite du texte.\n\nRelated: Another story\n\n(Reporting by A; editing by B)\n\nSource link -57',
    );
    assert.equal(r.text, 'Texte.\n\nSuite du texte.');
    assert.deepEqual(
      r.removed.map((x) => x.text),
      ['LIRE AUSSI', 'Métro E : le tracé définitif dévoilé', 'Related: Another story', '(Reporting by A; editing by B)', 'Source link -57'],
    );
    assert.equal(removeTrailers('Fin du texte. Source link').text, 'Fin du texte.');
  });
  test('on the fixtures', () => {
    assert.doesNotMatch(lavrov.text, /Source link|-57/);
    for (const s of ['Related:', '(Reporting by', 'Source link', 'editing by']) assert.ok(!esa.text.includes(s), s);
  });
  test('keeps text that mentions the same words in passing', () => {
    assert.equal(removeTrailers('Related costs rose by 5 percent.\n\nVoir aussi la page du Sytral.').text, 'Related costs rose by 5 percent.\n\nVoir aussi la page du Sytral.');
    const s = 'Le lien source est cassé. Les articles related to this are fine.\n\nLire aussi le rapport complet est conseillé par les auteurs du texte, qui ajoutent de très nombreuses précisions sur la méthode employée pour mesurer les effets de la réforme dans chaque région du pays concerné.';
    assert.equal(removeTrailers(s).text, s);
  });
});

describe('normaliseDateline', () => {
  test('keeps the place, drops the agency tag', () => {
    const r = normaliseDateline('PARIS (Wire) — The agency said.');
    assert.equal(r.text, 'PARIS — The agency said.');
    assert.deepEqual(r.removed, [{ rule: 'dateline', text: '(Wire)' }]);
    assert.equal(normaliseDateline('WASHINGTON, Nov 5 (Reuters) - Officials said.').text, 'WASHINGTON, Nov 5 — Officials said.');
    assert.ok(esa.text.startsWith('PARIS — The European Space Agency said on Tuesday'));
  });
  test('leaves a parenthesis that is not a dateline', () => {
    const s = 'Le Sytral (autorité des transports) a parlé - brièvement.';
    assert.equal(normaliseDateline(s).text, s);
  });
});

describe('removePhotoCaptions', () => {
  test('removes a sentence followed by a credit in mid-paragraph', () => {
    const r = removePhotoCaptions('Un fait. Kim accueille Lavrov à Pyongyang. (PA) Au cours des entretiens, rien.');
    assert.equal(r.text, 'Un fait. Au cours des entretiens, rien.');
    assert.equal(r.removed[0]?.text, 'Kim accueille Lavrov à Pyongyang. (PA)');
  });
  test('removes a caption opened by a marker, and one split by a stray dot', () => {
    assert.equal(removePhotoCaptions('Avant. Sur cette photo, Kim sourit. Après.').text, 'Avant. Après.');
    assert.equal(removePhotoCaptions('Photo: The launch pad in Kourou. (ESA/Wire)').text, '');
    assert.equal(
      removePhotoCaptions('Avant. Lavrov, à gauche, en Corée du Nord. , le jeudi 19 octobre 2023. (X via AP) (PA) Cela a déclenché.').text,
      'Avant. Cela a déclenché.',
    );
  });
  test('on the lavrov text', () => {
    assert.doesNotMatch(lavrov.text, /Sur cette photo|accueille jeudi le ministre|au premier plan|via AP|19 octobre 2023/);
    assert.match(lavrov.text, /impliquant la Corée du Nord\. Au cours de leurs entretiens/);
    assert.match(lavrov.text, /d’armes russes\. Cela a déclenché/);
    assert.equal(lavrov.removed.filter((r) => r.rule === 'photo-caption').length, 3);
  });
  test('on the esa text', () => {
    assert.ok(!esa.text.includes('Photo:'));
    assert.ok(!esa.text.includes('launch pad'));
  });
  test('keeps a long paragraph signed by an agency, and parentheses that are not credits', () => {
    const signed = 'Le ministre est arrivé mercredi. Il repart jeudi. (AFP)';
    assert.equal(removePhotoCaptions(signed).text, signed);
    const finish = 'Avant. Photo-finish : il gagne de 2 cm. Après.';
    assert.equal(removePhotoCaptions(finish).text, finish);
    const aside = 'Le texte cite un rapport. (Voir le détail plus bas.) La suite.';
    assert.equal(removePhotoCaptions(aside).text, aside);
    for (const s of LOOK_ALIKES) assert.equal(removePhotoCaptions(s).text, s);
  });
});

describe('removePhotoCredits', () => {
  test('removes credits after a sentence or on their own', () => {
    assert.equal(removePhotoCredits('Il repart jeudi. (AFP)').text, 'Il repart jeudi.');
    assert.equal(removePhotoCredits('Texte.\n\n(Photo Le Journal du Rhône)').text, 'Texte.');
    assert.equal(removePhotoCredits('Fin. (Reuters/John Smith) Suite.').text, 'Fin. Suite.');
  });
  test('keeps parentheses inside a sentence and non-credits', () => {
    for (const s of LOOK_ALIKES) assert.equal(removePhotoCredits(s).text, s);
    const s = 'Il a vu Kim. (Il le connaissait.) Puis il partit.';
    assert.equal(removePhotoCredits(s).text, s);
  });
  test('no (PA) left in the lavrov text', () => {
    assert.doesNotMatch(lavrov.text, /\(PA\)|\(AP\)/);
  });
});

describe('removeFusedHeadlines', () => {
  test('removes a headline glued to the next sentence', () => {
    const r = removeFusedHeadlines("…avec l’Ukraine. Dix ans de règne bizarre et secret de Kim Jong-unLes États-Unis ont étendu leurs exercices.");
    assert.equal(r.text, '…avec l’Ukraine. Les États-Unis ont étendu leurs exercices.');
    assert.deepEqual(r.removed, [{ rule: 'fused-headline', text: 'Dix ans de règne bizarre et secret de Kim Jong-un' }]);
    assert.equal(removeFusedHeadlines('Ends. Ten years of a secret reignThe United States said.').text, 'Ends. The United States said.');
  });
  test('on the lavrov text', () => {
    assert.doesNotMatch(lavrov.text, /Dix ans de règne bizarre/);
    assert.match(lavrov.text, /guerre avec l’Ukraine\. Les États-Unis ont étendu/);
  });
  test('keeps brand names with inner capitals and Kim Jong-un ending a sentence', () => {
    for (const s of LOOK_ALIKES) assert.equal(removeFusedHeadlines(s).text, s);
    for (const s of ['Il travaille chez PowerPoint et DeLaSalle.', 'Il a rencontré Kim Jong-un. Les États-Unis ont réagi.']) {
      assert.equal(removeFusedHeadlines(s).text, s);
    }
  });
});

describe('removeDoubledAttributions', () => {
  test('drops the repeated verb and merges the place into the sentence', () => {
    const r = removeDoubledAttributions(
      '« Rien », a déclaré Leif-Eric Easley, professeur à l’université Ewha. à Séoul, a déclaré. Sur la suite.',
    );
    assert.equal(r.text, '« Rien », a déclaré Leif-Eric Easley, professeur à l’université Ewha à Séoul. Sur la suite.');
    assert.deepEqual(r.removed, [{ rule: 'doubled-attribution', text: 'a déclaré' }]);
    assert.equal(removeDoubledAttributions('"No," said Ms Lee. said.').text, '"No," said Ms Lee.');
  });
  test('on the lavrov text', () => {
    assert.match(lavrov.text, /a déclaré Leif-Eric Easley, professeur d’études internationales à l’université Ewha à Séoul\./);
    assert.doesNotMatch(lavrov.text, /à Séoul, a déclaré\./);
  });
  test('keeps a new sentence that merely has an attribution', () => {
    const s = 'Il a déclaré forfait. Le ministre a déclaré. Personne, a dit Paul.';
    assert.equal(removeDoubledAttributions(s).text, s);
    for (const x of LOOK_ALIKES) assert.equal(removeDoubledAttributions(x).text, x);
  });
});

describe('removeCutFragments', () => {
  test('removes a verbless echo of the previous sentence', () => {
    const r = removeCutFragments('Selon le ministère russe des Affaires étrangères. Ministère étranger. KCNA a déclaré.');
    assert.equal(r.text, 'Selon le ministère russe des Affaires étrangères. KCNA a déclaré.');
    assert.deepEqual(r.removed, [{ rule: 'cut-fragment', text: 'Ministère étranger.' }]);
  });
  test('on the lavrov text', () => {
    assert.doesNotMatch(lavrov.text, /Ministère étranger\./);
    assert.match(lavrov.text, /selon le ministère russe des Affaires étrangères\. KCNA a déclaré que Lavrov/);
  });
  test('keeps short sentences that say something new or have a verb', () => {
    for (const s of [
      'Une seconde phase est à l’étude. Aucune date.',
      'Il a refusé la proposition. Il a refusé.',
      'Qui dirige le pays ? Kim Jong-un.',
      ...LOOK_ALIKES,
    ]) {
      assert.equal(removeCutFragments(s).text, s);
    }
  });
});

describe('fixQuoteMarks', () => {
  test('turns a » that opens a quote into «', () => {
    assert.equal(fixQuoteMarks('Il a dit. »Après tout, rien », a déclaré Easley.'), 'Il a dit. « Après tout, rien », a déclaré Easley.');
  });
  test('leaves well-formed quotes alone', () => {
    const s = 'Il évoque « la reprise » et « la suite ». »';
    assert.equal(fixQuoteMarks(s), s);
    assert.equal(fixQuoteMarks('« On attendait ça »'), '« On attendait ça »');
  });
  test('every quote of the lavrov text opens with « and is balanced', () => {
    assert.match(lavrov.text, /« Après avoir accepté l’aide de Pyongyang/);
    assert.match(lavrov.text, /« Les Etats-Unis, le Japon et la Corée du Sud/);
    assert.doesNotMatch(lavrov.text, /»\p{L}/u);
    assert.equal(lavrov.text.split('«').length, lavrov.text.split('»').length);
    let open = 0;
    for (const ch of lavrov.text) {
      if (ch === '«') open++;
      if (ch === '»') open--;
      assert.ok(open === 0 || open === 1, 'quotes never nest nor close unopened');
    }
  });
});

describe('cleanText', () => {
  test('reports each removal with its rule', () => {
    assert.deepEqual(
      lavrov.removed.map((r) => r.rule).sort(),
      ['cut-fragment', 'doubled-attribution', 'fused-headline', 'photo-caption', 'photo-caption', 'photo-caption', 'trailer'],
    );
    assert.deepEqual(lavrov.paragraphs, [lavrov.text]);
  });

  test('keeps every real sentence of the lavrov text', () => {
    const removedWords = lavrov.removed.reduce((n, r) => n + words(r.text), 0);
    // Only the removed defects account for the lost words (counted once the glued words are apart).
    assert.ok(Math.abs(words(splitGluedSentences(lavrovRaw)) - removedWords - words(lavrov.text)) <= 2);
    assert.ok(words(lavrov.text) > 950);
    for (const sentence of [
      'la Russie le ministre des Affaires étrangères a proposé des entretiens réguliers sur la sécurité',
      'Kim a exprimé sa détermination à mettre en œuvre les accords non spécifiés conclus avec Poutine le mois dernier.',
      'Lavrov a rencontré jeudi son homologue nord-coréen Choe Son-hui',
      'Il ajoute que Lavrov a invité Choe à se rendre à Moscou « à sa convenance ».',
      'a déclaré Lavrov, selon Tass.',
      'Les États-Unis et la Corée du Sud ont également repris certains exercices militaires trilatéraux avec le Japon.',
      'La Maison Blanche a annoncé vendredi que la Corée du Nord avait livré plus de 1 000 conteneurs',
      'Lim Soosuk, porte-parole du ministère sud-coréen des Affaires étrangères, a déclaré jeudi aux journalistes',
      'conforme aux résolutions du Conseil de sécurité de l’ONU.',
    ]) {
      assert.ok(lavrov.text.includes(sentence), sentence);
    }
  });

  test('keeps every fact of the esa text', () => {
    for (const fact of ['3.4 billion', '10 percent', 'December 2', 'six weeks', 'two months', 'MetOp-SG B1', 'Kourou, French Guiana', '"We will not fly until we are certain."']) {
      assert.ok(esa.text.includes(fact), fact);
    }
    assert.equal(esa.paragraphs.length, 6);
  });

  test('leaves clean look-alike text exactly as it is', () => {
    for (const s of LOOK_ALIKES) assert.deepEqual(cleanText(s), { text: s, paragraphs: [s], removed: [] });
  });
});

describe('sources outside French and English', () => {
  test('datelines keep their place and date, lose their agency', () => {
    const cases: Array<[string, string, string]> = [
      ['Madrid, 14 abr (EFE).- El Gobierno anunció este lunes.', 'Madrid, 14 abr — El Gobierno anunció este lunes.', '(EFE)'],
      ['BERLIN (dpa) - Die Bahn streikt.', 'BERLIN — Die Bahn streikt.', '(dpa)'],
      ['STRAUBING (dpa/lby) - Der Solarpark ist am Netz.', 'STRAUBING — Der Solarpark ist am Netz.', '(dpa/lby)'],
      ['ROMA, 5 nov (ANSA) - Stop ai treni.', 'ROMA, 5 nov — Stop ai treni.', '(ANSA)'],
      ['Lisboa, 14 abr 2025 (Lusa) - O Governo aprovou.', 'Lisboa, 14 abr 2025 — O Governo aprovou.', '(Lusa)'],
      ['CHUR - (Keystone-SDA) Wegen akuter Gefahr.', 'CHUR — Wegen akuter Gefahr.', '(Keystone-SDA)'],
      ['POMPEI (NAPOLI), 18 feb (ANSA) - Una domus.', 'POMPEI (NAPOLI), 18 feb — Una domus.', '(ANSA)'],
      ['(ANSA) - ROMA, 14 APR - Il governo ha approvato.', 'ROMA, 14 APR — Il governo ha approvato.', '(ANSA)'],
    ];
    for (const [input, output, agency] of cases) {
      const r = normaliseDateline(input);
      assert.equal(r.text, output);
      assert.deepEqual(r.removed, [{ rule: 'dateline', text: agency }]);
    }
    assert.equal(normaliseDateline('SEVILLA, 2 Jun. (EUROPA PRESS) -\n\nLa Aemet ha activado el aviso.').text, 'SEVILLA, 2 Jun. — La Aemet ha activado el aviso.');
    const s = 'Der Verband (die größte Gruppe) - so heißt es - schweigt.';
    assert.equal(normaliseDateline(s).text, s);
  });

  test('photo captions and credits go, kept as captions; related links and agency trailers go', () => {
    const raw = [
      'BERLIN (dpa) - Die Bahn streikt am Montag.',
      'Foto: Eine Anzeigetafel im Berliner Hauptbahnhof weist auf Zugausfälle hin. (Foto: dpa)',
      'Der Ausstand soll um 3.00 Uhr beginnen.',
      'Foto: Vista aérea del embalse, este domingo. EFE/Javier Morán',
      '(Foto AP/Luis Cortés) Vecinos observan una vivienda dañada, el miércoles.',
      'Nella foto d’archivio un Frecciarossa alla stazione di Firenze (ANSA)',
      '(Foto: Teresa Valadares durante a conferência de imprensa. ANTÓNIO COTRIM/LUSA)',
      'Mehr zum Thema: Tarifstreit bei der Bahn - was Fahrgäste jetzt wissen müssen',
      'Leggi anche:',
      'Venezia, il ticket d’accesso torna nei weekend',
      'Lea también: La sequía vacía los embalses',
      'Leia também: Preço das casas volta a bater recorde',
      'Die Gewerkschaft fordert mehr Lohn.',
      '(EFE)',
      '(ANSA).',
    ].join('\n\n');
    const cleaned = cleanText(raw);
    assert.equal(cleaned.text, 'BERLIN — Die Bahn streikt am Montag.\n\nDer Ausstand soll um 3.00 Uhr beginnen.\n\nDie Gewerkschaft fordert mehr Lohn.');
    const captions = cleaned.removed.filter((r) => r.rule === 'photo-caption').map((r) => r.text);
    assert.equal(captions.length, 5, JSON.stringify(captions));
    assert.ok(captions.some((c) => c.includes('Vecinos observan una vivienda dañada')));
  });

  test('captions glued into a paragraph go; a credit glued to the next sentence goes alone', () => {
    const cases: Array<[string, string, string]> = [
      ['El Gobierno aprobó el plan. Foto: EFE/Juan Pérez El ministro dijo que sí.', 'El Gobierno aprobó el plan. El ministro dijo que sí.', 'Foto: EFE/Juan Pérez'],
      ['Il Mose si è alzato. Foto di Mario Rossi. Il sindaco ha parlato.', 'Il Mose si è alzato. Il sindaco ha parlato.', 'Foto di Mario Rossi.'],
      ['La Junta aprobó el plan. Foto de archivo de la presa. El consejero habló.', 'La Junta aprobó el plan. El consejero habló.', 'Foto de archivo de la presa.'],
      ['Die Bahn streikt. Foto: Eine Anzeigetafel im Hauptbahnhof. Der Ausstand beginnt um 3 Uhr.', 'Die Bahn streikt. Der Ausstand beginnt um 3 Uhr.', 'Foto: Eine Anzeigetafel im Hauptbahnhof.'],
    ];
    for (const [input, output, removed] of cases) {
      const cleaned = cleanText(input);
      assert.equal(cleaned.text, output);
      assert.deepEqual(cleaned.removed.map((r) => r.text), [removed]);
    }
  });
});
