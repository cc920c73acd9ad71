import type { Article } from '../../jobs/article/contract.js';

/**
 * Plants one invention in a faithful answer, deterministically from a seed: a changed figure, a
 * shifted date, an added quotation or an added name, in one paragraph. Only what the source does
 * not contain is planted, so every variant is unfaithful.
 */

export type InventionKind = 'figure' | 'date' | 'quote' | 'name';

export interface PlantedVariant {
  kind: InventionKind;
  answer: Article;
  /** What was planted, for the test's messages. */
  planted: string;
}

/** mulberry32: a small seeded generator, so the same seed plants the same invention. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const GIVEN = ['Bertrand', 'Solène', 'Gaspard', 'Ysaline', 'Corentin', 'Maëlys'];
const FAMILY = ['Quévillon', 'Darmanac', 'Pellegrue', 'Vautrinel', 'Ombredane', 'Kervadec'];
const QUOTES = [
  'nous ne laisserons personne au bord du chemin',
  'cette décision marque un tournant historique pour toute la région',
  'les habitants méritent des réponses claires dès maintenant',
];

/** Digits-only absence test: a planted value must not appear in the source in any grouping. */
const absent = (value: number, source: string): boolean => {
  const digits = source.replace(/(?<=\d)[ .,\u00A0\u202F'](?=\d{3}(?!\d))/g, '');
  return !new RegExp(`(?<![0-9])${value}(?![0-9])`).test(digits);
};

function paragraphs(answer: Article): Array<{ section: number; paragraph: number; text: string }> {
  return answer.sections.flatMap((section, s) => section.paragraphs.map((text, p) => ({ section: s, paragraph: p, text })));
}

function withParagraph(answer: Article, section: number, paragraph: number, text: string): Article {
  const copy = structuredClone(answer);
  copy.sections[section]!.paragraphs[paragraph] = text;
  return copy;
}

export function plantInvention(answer: Article, source: string, kind: InventionKind, seed: number): PlantedVariant {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const all = paragraphs(answer);
  const target = pick(all);
  const place = (sentence: string): Article => withParagraph(answer, target.section, target.paragraph, `${target.text} ${sentence}`);

  if (kind === 'figure') {
    // Change a figure of the answer (one with a unit or above ten) into a value the source lacks.
    const figures = all.flatMap((p) =>
      [...p.text.matchAll(/(?<![\p{L}\p{N},.])(\d{1,3}(?:[ \u00A0\u202F]\d{3})*|\d+)(?:,\d+)?(?=[ \u00A0\u202F]*(?:%|[\p{L}€$]))/gu)]
        .filter((m) => Number(m[1]!.replace(/\D/g, '')) > 10 && !/^(?:1[89]|20)\d\d$/.test(m[1]!))
        .map((m) => ({ ...p, index: m.index, raw: m[1]! })),
    );
    if (figures.length > 0) {
      const figure = pick(figures);
      const value = Number(figure.raw.replace(/\D/g, ''));
      let changed = value + 7 + Math.floor(random() * 40);
      while (!absent(changed, source)) changed += 3;
      const written = changed.toLocaleString('fr-FR').replace(/\u202F/g, '\u00A0');
      const text = `${figure.text.slice(0, figure.index)}${written}${figure.text.slice(figure.index + figure.raw.length)}`;
      return { kind, answer: withParagraph(answer, figure.section, figure.paragraph, text), planted: `${figure.raw} → ${written}` };
    }
    let value = 100 + Math.floor(random() * 800);
    while (!absent(value, source)) value += 1;
    const sentence = `Le coût total atteindrait ${value} millions d’euros.`;
    return { kind, answer: place(sentence), planted: sentence };
  }
  if (kind === 'date') {
    let day = 1 + Math.floor(random() * 28);
    while (!absent(day, source)) day = (day % 28) + 1;
    const month = pick(MONTHS);
    const sentence = `Une nouvelle réunion est prévue le ${day} ${month}.`;
    return { kind, answer: place(sentence), planted: sentence };
  }
  if (kind === 'quote') {
    const sentence = `Un responsable a ajouté : « ${pick(QUOTES)} ».`;
    return { kind, answer: place(sentence), planted: sentence };
  }
  const name = `${pick(GIVEN)} ${pick(FAMILY)}`;
  const sentence = `L’expert ${name} suit le dossier de près.`;
  return { kind, answer: place(sentence), planted: sentence };
}
