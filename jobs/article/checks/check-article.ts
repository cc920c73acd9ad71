import { DEFAULT_READABILITY_TARGET, DEFAULT_SEO_TARGET } from '../../../config/defaults.js';
import type { Article } from '../contract.js';
import type { PlainTextRemovals } from '../plain-text.js';
import { checkFacts, type FactsReport } from './facts/index.js';
import type { CheckFailure, CheckName, Finding, Severity, SourceText } from './finding.js';
import { checkForm, type FormReport } from './form.js';
import { labelFr } from './labels.fr.js';
import { checkOriginality, type OriginalityReport } from './originality.js';
import { analyzeYoast, type YoastAssessment } from './yoast.js';

export interface CheckTargets {
  seo: number;
  readability: number;
}

/** The configured defaults (config/defaults.ts), for a check run without targets. */
const DEFAULT_TARGETS: CheckTargets = { seo: DEFAULT_SEO_TARGET, readability: DEFAULT_READABILITY_TARGET };

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
  /** What was taken out of the answer to make its one-line fields plain text. */
  removed?: PlainTextRemovals | undefined;
}

export interface CheckReport {
  /** No failure listed. */
  passed: boolean;
  targets: CheckTargets;
  /**
   * `assessments`: every one Yoast ran, good ones included, for the job page (absent from reports
   * saved before it was kept); `failing`: those below good, which the revision works on.
   */
  yoast: { seo: number; readability: number; assessments?: YoastAssessment[]; failing: YoastAssessment[] };
  form: FormReport;
  facts: FactsReport;
  originality: OriginalityReport;
  failures: CheckFailure[];
}

/** Yoast assessments that depend on what Plume adds at render time (image, links), not on the model's text. */
export const RENDER_ASSESSMENTS: ReadonlySet<string> = new Set(['images', 'imageKeyphrase', 'internalLinks', 'externalLinks', 'textCompetingLinks']);

/** Form findings that miss the mission itself: an answer with one never beats an answer without. */
const MISSION_FINDINGS: ReadonlySet<string> = new Set(['language', 'word_count', 'sections']);

/** Facts findings list what they did not find in these lists of the facts report. */
const FACT_LISTS: Readonly<Record<string, keyof FactsReport['missing']>> = {
  invented_number: 'numbers',
  invented_date: 'dates',
  invented_quote: 'quotes',
  invented_name: 'names',
};

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
  const scoreFr = `${kind === 'seo' ? 'SEO' : 'lisibilité'} Yoast ${score}/100, objectif ${target}`;
  const ofKind = failing.filter((assessment) => assessment.kind === kind);
  if (ofKind.length === 0) {
    return [
      {
        check: 'yoast',
        id: `${kind}_score`,
        message: `Yoast ${label} score ${score} is below ${target}.`,
        message_fr: `${labelFr(`${kind}_score`)} (${scoreFr}).`,
        instruction: `Améliore le texte pour les critères Yoast (${label}).`,
        severity: 'soft',
        fixable: true,
      },
    ];
  }
  return ofKind.map((assessment) => {
    const render = RENDER_ASSESSMENTS.has(assessment.id);
    return {
      check: 'yoast' as const,
      id: assessment.id,
      // No score in the message: it names the finding across answers (see findingKey).
      message: `Yoast ${label}: ${assessment.text}${render ? ' (depends on render additions)' : ''}`,
      message_fr: `${labelFr(assessment.id)} (${scoreFr})${render ? ' : dépend de l’image et des liens ajoutés par Plume' : ''}.`,
      instruction: yoastInstruction(assessment, keyword),
      severity: 'soft' as const,
      fixable: !render,
    };
  });
}

/** The French message of a finding whose check wrote none: its label, and what the facts check did not find. */
function editorMessage(finding: Finding, facts: FactsReport): string {
  if (finding.message_fr) return finding.message_fr;
  const list = FACT_LISTS[finding.id];
  const items = list ? facts.missing[list] : [];
  return items.length > 0 ? `${labelFr(finding.id)} : ${items.map((item) => `« ${item} »`).join(', ')}.` : `${labelFr(finding.id)}.`;
}

function asFailure(check: Exclude<CheckName, 'yoast'>, finding: Finding, facts: FactsReport): CheckFailure {
  return {
    check,
    ...finding,
    message_fr: editorMessage(finding, facts),
    severity: check === 'form' && MISSION_FINDINGS.has(finding.id) ? 'mission' : 'hard',
    fixable: true,
  };
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
  const form = checkForm({ article, html, keyword, removed: input.removed });
  const facts = checkFacts({ answer: article, source });
  const originality = checkOriginality({ answer: article, source });

  const failures: CheckFailure[] = [
    ...facts.findings.map((finding) => asFailure('facts', finding, facts)),
    ...form.findings.map((finding) => asFailure('form', finding, facts)),
    ...originality.findings.map((finding) => asFailure('originality', finding, facts)),
    ...yoastFailures('seo', yoast.seo, targets.seo, failing, keyword),
    ...yoastFailures('readability', yoast.readability, targets.readability, failing, keyword),
  ];

  return {
    passed: failures.length === 0,
    targets,
    yoast: { seo: yoast.seo, readability: yoast.readability, assessments: yoast.assessments, failing },
    form,
    facts,
    originality,
    failures,
  };
}

const count = (report: CheckReport, severity: Severity): number =>
  report.failures.filter((failure) => failure.severity === severity).length;

/**
 * Sort comparator, `reports.sort(compareReports)[0]` is the best answer. Lexicographic, so that no
 * score can buy back a missed requirement: mission failures (not French, too short, incomplete),
 * then other hard failures (facts, form, originality), then Yoast failures, then the Yoast scores.
 */
export function compareReports(a: CheckReport, b: CheckReport): number {
  for (const severity of ['mission', 'hard', 'soft'] as const) {
    const difference = count(a, severity) - count(b, severity);
    if (difference !== 0) return difference;
  }
  return b.yoast.seo + b.yoast.readability - (a.yoast.seo + a.yoast.readability);
}

/** Names a finding across answers: the same id with the same details is the same finding. */
export function findingKey(failure: Pick<CheckFailure, 'check' | 'id' | 'message'>): string {
  return `${failure.check}:${failure.id}:${failure.message}`;
}
