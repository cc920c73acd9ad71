import { franc } from 'franc';
import slugify from 'slugify';
import type { Article } from '../contract.js';
import { plainLimitOf, type PlainTextRemovals } from '../plain-text.js';
import { articleFields, bodyText } from '../text/article-fields.js';
import type { Finding } from './finding.js';
import { typographyIssues } from '../typography.js';
import { countYoastWords, keyphraseContentWords, titleWidthPx, yoastWordCount } from './yoast.js';

/** Editorial limits of a Plume article. */
export const FORM_LIMITS = {
  /** Words in the published HTML, counted as Yoast's text-length assessment counts them. */
  minWords: 700,
  minSections: 3,
  /** Yoast's subheading-distribution limit: more text than this under one H2 is flagged. */
  maxSectionWords: 300,
  /** Characters; 156 is Yoast's upper bound, 120 its lower one. */
  metaDescription: { min: 120, max: 156 },
  /** Google's desktop snippet cuts the title beyond this (Yoast's title-width assessment). */
  maxSeoTitleWidthPx: 600,
  /** Content words in the keyphrase, function words not counted (Yoast's "good" range). */
  keyphraseWords: { min: 1, max: 4 },
} as const;

export interface FormReport {
  passed: boolean;
  /** franc's ISO 639-3 code for the body text (`fra` expected). */
  language: string;
  wordCount: number;
  h2Count: number;
  longestSection: { heading: string; words: number } | null;
  metaDescriptionLength: number;
  seoTitleWidthPx: number;
  keyphraseContentWords: string[];
  findings: Finding[];
}

export interface FormInput {
  article: Article;
  /** The rendered HTML, as published. */
  html: string;
  /** Overrides `article.focus_keyword`. */
  keyword?: string | undefined;
  /** What was taken out of the answer to make its one-line fields plain text (see plainArticle). */
  removed?: PlainTextRemovals | undefined;
}

/** Lowercase, one kind of apostrophe, every space a plain space: how keyphrase presence is judged. */
const comparable = (text: string): string =>
  text.normalize('NFC').toLocaleLowerCase('fr').replace(/[’‘`´]/g, "'").replace(/\s+/gu, ' ').trim();

const toSlug = (text: string): string =>
  slugify(text.replace(/['’]/g, ' '), { lower: true, strict: true, locale: 'fr', trim: true });

const hasSlugPart = (slug: string, part: string): boolean => part !== '' && `-${slug}-`.includes(`-${part}-`);

/** Markup that must not leak into a field: the model returns plain text. */
const MARKUP: Array<{ en: string; fr: string; pattern: RegExp }> = [
  { en: 'an HTML tag', fr: 'balise HTML', pattern: /<\/?[a-z][a-z0-9-]*(?:\s[^>]*)?\/?>/i },
  { en: 'an HTML entity', fr: 'entité HTML (&nbsp;, &amp;…)', pattern: /&(?:[a-z][a-z0-9]*|#\d+|#x[0-9a-f]+);/i },
  { en: 'Markdown emphasis (** or __)', fr: 'gras Markdown ** ou __', pattern: /\*\*|__/ },
  { en: 'a Markdown heading (#)', fr: 'titre Markdown #', pattern: /(?:^|\n)[ \t]*#{1,6}[ \t]/ },
  { en: 'a Markdown link [text](url)', fr: 'lien Markdown [texte](url)', pattern: /\[[^\]\n]*\]\([^)\n]*\)/ },
  { en: 'a Markdown list item (leading - or *)', fr: 'puce de liste en début de ligne', pattern: /(?:^|\n)[ \t]*[-*•][ \t]/ },
  { en: 'Markdown code (`)', fr: 'accent grave `', pattern: /`/ },
];

/** Shown in the typography finding; the full list is in typographyIssues(). */
const MAX_TYPOGRAPHY_EXAMPLES = 5;

/** Pure checks of the article's form: language, length, structure, metadata, typography, markup. */
export function checkForm({ article, html, keyword = article.focus_keyword, removed }: FormInput): FormReport {
  const findings: Finding[] = [];
  const add = (id: string, message: string, messageFr: string, instruction: string): void => {
    findings.push({ id, message, message_fr: messageFr, instruction });
  };

  const language = franc(bodyText(article), { minLength: 10 });
  if (language !== 'fra') {
    add(
      'language',
      `The body text is not detected as French (franc: ${language}).`,
      `Le texte n’est pas reconnu comme du français (langue détectée : ${language}).`,
      'Rédige tout l’article en français : introduction, intertitres et paragraphes.',
    );
  }

  const wordCount = yoastWordCount(html);
  if (wordCount < FORM_LIMITS.minWords) {
    add(
      'word_count',
      `The article has ${wordCount} words; at least ${FORM_LIMITS.minWords} are required.`,
      `L’article compte ${wordCount} mots ; il en faut au moins ${FORM_LIMITS.minWords}.`,
      `L’article compte ${wordCount} mots ; il en faut au moins ${FORM_LIMITS.minWords}. Développe les sections avec des informations tirées de la source (contexte, déclarations, chiffres), sans rien inventer.`,
    );
  }

  const h2Count = (html.match(/<h2[\s>]/gi) ?? []).length;
  if (h2Count < FORM_LIMITS.minSections) {
    add(
      'sections',
      `The article has ${h2Count} H2 sections; at least ${FORM_LIMITS.minSections} are required.`,
      `L’article a ${h2Count} intertitre(s) ; il en faut au moins ${FORM_LIMITS.minSections}.`,
      `Organise l’article en au moins ${FORM_LIMITS.minSections} sections, chacune sous un intertitre.`,
    );
  }

  let longestSection: FormReport['longestSection'] = null;
  for (const [i, section] of article.sections.entries()) {
    const words = countYoastWords(section.paragraphs.join('\n'));
    if (!longestSection || words > longestSection.words) longestSection = { heading: section.heading, words };
    if (words > FORM_LIMITS.maxSectionWords) {
      add(
        'section_length',
        `Section ${i + 1} (“${section.heading}”) has ${words} words; at most ${FORM_LIMITS.maxSectionWords} are allowed.`,
        `La section ${i + 1} (« ${section.heading} ») compte ${words} mots ; ${FORM_LIMITS.maxSectionWords} au plus.`,
        `La section « ${section.heading} » compte ${words} mots (maximum ${FORM_LIMITS.maxSectionWords}) : partage-la en deux sections, chacune avec son intertitre.`,
      );
    }
  }

  const metaDescriptionLength = [...article.meta_description.trim()].length;
  const { min, max } = FORM_LIMITS.metaDescription;
  if (metaDescriptionLength < min || metaDescriptionLength > max) {
    add(
      'meta_description_length',
      `The meta description has ${metaDescriptionLength} characters; ${min}–${max} are required.`,
      `La méta-description fait ${metaDescriptionLength} caractères ; il en faut entre ${min} et ${max}.`,
      `La méta-description fait ${metaDescriptionLength} caractères : elle doit en faire entre ${min} et ${max}, espaces compris, et contenir l’expression clé.`,
    );
  }

  const seoTitleWidthPx = titleWidthPx(article.seo_title);
  if (seoTitleWidthPx > FORM_LIMITS.maxSeoTitleWidthPx) {
    add(
      'seo_title_width',
      `The SEO title is ${seoTitleWidthPx} px wide; at most ${FORM_LIMITS.maxSeoTitleWidthPx} px fit in Google's snippet.`,
      `Le titre SEO mesure ${seoTitleWidthPx} px ; Google n’en affiche que ${FORM_LIMITS.maxSeoTitleWidthPx}.`,
      `Le titre SEO est trop long (${seoTitleWidthPx} px pour ${FORM_LIMITS.maxSeoTitleWidthPx} px au plus, soit environ 60 caractères) : raccourcis-le en gardant l’expression clé au début.`,
    );
  }

  const contentWords = keyphraseContentWords(keyword);
  const { min: minWords, max: maxWords } = FORM_LIMITS.keyphraseWords;
  if (contentWords.length < minWords || contentWords.length > maxWords) {
    add(
      'keyphrase_length',
      `The keyphrase “${keyword}” has ${contentWords.length} content words; ${minWords}–${maxWords} are required.`,
      `L’expression clé « ${keyword} » compte ${contentWords.length} mots pleins ; il en faut de ${minWords} à ${maxWords}.`,
      `L’expression clé « ${keyword} » compte ${contentWords.length} mots pleins : choisis-en une de ${minWords} à ${maxWords} mots pleins (les mots outils comme « de », « la », « en » ne comptent pas).`,
    );
  }

  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(article.slug)) {
    add(
      'slug_format',
      `The slug “${article.slug}” is not lowercase ASCII words joined by hyphens.`,
      `Le slug « ${article.slug} » doit être fait de mots en minuscules sans accents, reliés par des tirets.`,
      `Le slug « ${article.slug} » ne doit contenir que des lettres minuscules sans accents, des chiffres et des tirets simples (a-z, 0-9, -).`,
    );
  }
  // The whole keyphrase, or (as Yoast's slug assessment) all its content words.
  const keyphraseSlug = toSlug(keyword);
  const slugHoldsKeyphrase =
    hasSlugPart(article.slug, keyphraseSlug) ||
    (contentWords.length > 0 && contentWords.every((word) => hasSlugPart(article.slug, toSlug(word))));
  if (!slugHoldsKeyphrase) {
    add(
      'keyphrase_in_slug',
      `The slug “${article.slug}” does not contain the keyphrase (“${keyphraseSlug}”).`,
      `Le slug « ${article.slug} » ne contient pas l’expression clé (« ${keyphraseSlug} »).`,
      `Le slug doit contenir l’expression clé : fais-le commencer par « ${keyphraseSlug} ».`,
    );
  }

  const wanted = comparable(keyword);
  const places: Array<{ id: string; text: string; en: string; where: string; fr: string }> = [
    { id: 'keyphrase_in_title', text: article.title, en: 'title', where: 'le titre', fr: 'le titre' },
    { id: 'keyphrase_in_seo_title', text: article.seo_title, en: 'SEO title', where: 'le titre SEO', fr: 'le titre SEO, de préférence au début' },
    { id: 'keyphrase_in_lead', text: article.lead, en: 'lead', where: 'l’introduction', fr: 'la première phrase de l’introduction' },
    { id: 'keyphrase_in_meta_description', text: article.meta_description, en: 'meta description', where: 'la méta-description', fr: 'la méta-description' },
  ];
  for (const place of places) {
    if (wanted !== '' && !comparable(place.text).includes(wanted)) {
      add(
        place.id,
        `The ${place.en} does not contain the keyphrase “${keyword}”.`,
        `L’expression clé « ${keyword} » manque dans ${place.where}.`,
        `Place l’expression clé exacte « ${keyword} » dans ${place.fr}.`,
      );
    }
  }

  const typography = articleFields(article, { includeSlug: false }).flatMap(({ field, text }) =>
    typographyIssues(text).map((issue) => `${field}: ${issue}`),
  );
  if (typography.length > 0) {
    const examples = typography.slice(0, MAX_TYPOGRAPHY_EXAMPLES).join('; ');
    const more = typography.length > MAX_TYPOGRAPHY_EXAMPLES ? ` (+${typography.length - MAX_TYPOGRAPHY_EXAMPLES} more)` : '';
    add(
      'typography',
      `${typography.length} French typography issue(s): ${examples}${more}.`,
      `${typography.length} faute(s) de typographie française (espaces insécables, guillemets, apostrophes).`,
      'Respecte la typographie française : espace insécable avant « : », « ; », « ? », « ! » et à l’intérieur des guillemets « », apostrophe typographique ’.',
    );
  }

  for (const { field, text } of articleFields(article)) {
    const leaks = MARKUP.filter(({ pattern }) => pattern.test(text));
    if (leaks.length > 0) {
      add(
        'markup',
        `${field} contains ${leaks.map(({ en }) => en).join(', ')}.`,
        `Le champ ${field} contient de la mise en forme : ${leaks.map(({ fr }) => fr).join(', ')}.`,
        `Le champ ${field} doit être du texte brut, sans mise en forme ; retire : ${leaks.map(({ fr }) => fr).join(', ')}.`,
      );
    }
  }

  // Removed before publishing, but an answer that carried markup or ran long is asked again:
  // what was cut may have been the point of the sentence.
  if (removed && removed.markup.length > 0) {
    const fields = removed.markup.join(', ');
    add(
      'markup_in_field',
      `Markup (tags, comments, entities or angle brackets) was removed from ${fields} before publishing.`,
      `Du HTML (balises, commentaires, entités ou chevrons) a été retiré de ${fields} avant publication.`,
      `Les champs ${fields} contenaient du HTML (balises, commentaires, entités ou chevrons), retiré avant publication : écris-les en texte brut, sur une seule ligne, sans aucune balise.`,
    );
  }
  if (removed && removed.cut.length > 0) {
    const limits = removed.cut.map((field) => `${field} (${plainLimitOf(field)} caractères au plus)`);
    add(
      'field_too_long',
      `${removed.cut.join(', ')} exceeded the length Plume publishes and ${removed.cut.length > 1 ? 'were' : 'was'} cut.`,
      `Trop long, coupé à la publication : ${limits.join(', ')}.`,
      `Ces champs étaient trop longs et ont été coupés : ${limits.join(', ')}. Réécris-les plus courts, en phrases complètes.`,
    );
  }

  return {
    passed: findings.length === 0,
    language,
    wordCount,
    h2Count,
    longestSection,
    metaDescriptionLength,
    seoTitleWidthPx,
    keyphraseContentWords: contentWords,
    findings,
  };
}
