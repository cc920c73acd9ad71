import type { Article } from '../contract.js';
import { checkFacts, type FactsReport, type SourceText } from './facts/index.js';
import { checkForm, type FormReport } from './form.js';
import { checkOriginality, type OriginalityReport } from './originality.js';
import { analyzeYoast, type YoastAssessment } from './yoast.js';

/** One problem found by a check. */
export interface Finding {
  /** Stable identifier, e.g. `word_count`, `invented_number`, or Yoast's assessment id. */
  id: string;
  /** English, for logs and editors. */
  message: string;
  /** French, what the model must change: goes into the repair prompt. */
  instruction: string;
}

export type CheckName = 'yoast' | 'form' | 'facts' | 'originality';

export interface CheckFailure extends Finding {
  check: CheckName;
}

export interface CheckTargets {
  seo: number;
  readability: number;
}

/**
 * SEO 90: Yoast's bullet turns green from 71, but 90 asks for nearly every assessment to be good
 * (a complete article with image and links reaches 99). Readability 90 is Yoast's only green value.
 */
export const DEFAULT_TARGETS: CheckTargets = { seo: 90, readability: 90 };

export interface CheckArticleInput {
  /** The article as published (typography already applied, see applyTypography). */
  article: Article;
  /** renderArticle(article, additions).html: what is published and analysed. */
  html: string;
  source: SourceText;
  /** Overrides `article.focus_keyword`. */
  keyword?: string | undefined;
  /** URL of the post (or of the site): Yoast counts links to the same host as internal. */
  permalink?: string | undefined;
  targets?: Partial<CheckTargets> | undefined;
}

export interface CheckReport {
  clean: boolean;
  targets: CheckTargets;
  yoast: { seo: number; readability: number; failing: YoastAssessment[] };
  form: FormReport;
  facts: FactsReport;
  originality: OriginalityReport;
  failures: CheckFailure[];
}

/** Yoast assessments that depend on what Plume adds at render time (image, links), not on the model's text. */
const RENDER_ASSESSMENTS = new Set(['images', 'imageKeyphrase', 'internalLinks', 'externalLinks', 'textCompetingLinks']);

const RENDER_INSTRUCTION = 'Rien à changer dans le texte pour ce point : il dépend de l’image et des liens ajoutés par Plume.';

function yoastInstruction(assessment: YoastAssessment, keyword: string): string {
  const kw = `« ${keyword} »`;
  if (RENDER_ASSESSMENTS.has(assessment.id)) return RENDER_INSTRUCTION;
  switch (assessment.id) {
    case 'introductionKeyword':
      return `Place l’expression clé exacte ${kw} dans la première phrase de l’introduction.`;
    case 'keyphraseLength':
      return 'Choisis une expression clé de 1 à 4 mots pleins.';
    case 'keyphraseDensity':
      return /too high|more than|exceeds|over the/i.test(assessment.text)
        ? `Emploie moins souvent l’expression clé ${kw} : remplace certaines occurrences par des synonymes ou des pronoms.`
        : `Emploie plus souvent l’expression clé ${kw} dans le texte (environ une fois tous les 100 à 150 mots), naturellement.`;
    case 'metaDescriptionKeyword':
      return `Place l’expression clé ${kw} une ou deux fois dans la méta-description.`;
    case 'metaDescriptionLength':
      return 'Donne à la méta-description entre 120 et 156 caractères, espaces compris.';
    case 'subheadingsKeyword':
      return `Reprends l’expression clé ${kw} dans un tiers à deux tiers des intertitres, pas dans tous.`;
    case 'textLength':
      return 'Allonge l’article avec des informations de la source, sans rien inventer.';
    case 'keyphraseInSEOTitle':
      return `Commence le titre SEO par l’expression clé exacte ${kw}.`;
    case 'titleWidth':
      return 'Le titre SEO doit tenir sur 600 pixels (environ 60 caractères) : raccourcis-le, ou allonge-le s’il est vide.';
    case 'slugKeyword':
      return `Mets les mots de l’expression clé ${kw} dans le slug.`;
    case 'functionWordsInKeyphrase':
      return 'L’expression clé ne doit pas être composée uniquement de mots outils : ajoute un nom ou un nom propre.';
    case 'singleH1':
      return 'N’utilise aucun titre de niveau 1 dans le corps de l’article.';
    case 'subheadingsTooLong':
      return 'Ajoute des intertitres : pas plus de 300 mots sans intertitre.';
    case 'textParagraphTooLong':
      return 'Raccourcis les paragraphes trop longs : 150 mots au plus chacun.';
    case 'textSentenceLength':
      return 'Raccourcis les phrases : au plus un quart d’entre elles peut dépasser 20 mots. Coupe les plus longues en deux.';
    case 'textTransitionWords':
      return 'Emploie davantage de mots de liaison (ainsi, toutefois, en effet, de plus, par ailleurs, cependant, enfin…) : au moins 30 % des phrases doivent en contenir un.';
    case 'passiveVoice':
      return 'Limite la voix passive à 10 % des phrases au plus : tourne les autres à la voix active.';
    case 'sentenceBeginnings':
      return 'Varie les débuts de phrase : pas plus de deux phrases consécutives ne doivent commencer par le même mot.';
    case 'textPresence':
      return 'Le texte est trop court : rédige un article complet.';
    default:
      return `Corrige ce point signalé par Yoast : ${assessment.text}`;
  }
}

function yoastFailures(
  kind: YoastAssessment['kind'],
  score: number,
  target: number,
  failing: YoastAssessment[],
  keyword: string,
): CheckFailure[] {
  if (score >= target) return [];
  const label = kind === 'seo' ? 'SEO' : 'readability';
  const ofKind = failing.filter((assessment) => assessment.kind === kind);
  if (ofKind.length === 0) {
    return [
      {
        check: 'yoast',
        id: `${kind}_score`,
        message: `Yoast ${label} score ${score} is below ${target}.`,
        instruction: `Améliore le texte pour les critères Yoast (${label}).`,
      },
    ];
  }
  return ofKind.map((assessment) => ({
    check: 'yoast' as const,
    id: assessment.id,
    message: `Yoast ${label} ${score} < ${target}: ${assessment.text}${RENDER_ASSESSMENTS.has(assessment.id) ? ' (depends on render additions)' : ''}`,
    instruction: yoastInstruction(assessment, keyword),
  }));
}

/** Runs every check on the article as it will be published. Pure and JSON-serialisable. */
export function checkArticle(input: CheckArticleInput): CheckReport {
  const { article, html, source } = input;
  const keyword = input.keyword ?? article.focus_keyword;
  const targets: CheckTargets = { ...DEFAULT_TARGETS, ...input.targets };

  const yoast = analyzeYoast({
    html,
    keyword,
    seoTitle: article.seo_title,
    metaDescription: article.meta_description,
    slug: article.slug,
    permalink: input.permalink ?? '',
  });
  const failing = yoast.assessments.filter((assessment) => assessment.rating !== 'good');
  const form = checkForm({ article, html, keyword });
  const facts = checkFacts({ answer: article, source });
  const originality = checkOriginality({ answer: article, source });

  const failures: CheckFailure[] = [
    ...facts.findings.map((finding) => ({ check: 'facts' as const, ...finding })),
    ...form.findings.map((finding) => ({ check: 'form' as const, ...finding })),
    ...originality.findings.map((finding) => ({ check: 'originality' as const, ...finding })),
    ...yoastFailures('seo', yoast.seo, targets.seo, failing, keyword),
    ...yoastFailures('readability', yoast.readability, targets.readability, failing, keyword),
  ];

  return {
    clean: failures.length === 0,
    targets,
    yoast: { seo: yoast.seo, readability: yoast.readability, failing },
    form,
    facts,
    originality,
    failures,
  };
}

/**
 * One number to rank answers, higher is better: hard failures (facts, form, originality) first,
 * then Yoast failures, then the Yoast scores (at most 200 together, so they only break ties).
 */
export function reportScore(report: CheckReport): number {
  const hard = report.failures.filter((failure) => failure.check !== 'yoast').length;
  const soft = report.failures.length - hard;
  return -hard * 1_000_000 - soft * 1_000 + report.yoast.seo + report.yoast.readability;
}

/** Sort comparator: `reports.sort(compareReports)[0]` is the best answer. */
export function compareReports(a: CheckReport, b: CheckReport): number {
  return reportScore(b) - reportScore(a);
}
