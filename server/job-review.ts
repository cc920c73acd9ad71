import { isDeepStrictEqual } from 'node:util';
import sanitizeHtml from 'sanitize-html';
import type { CheckReport } from '../jobs/article/checks/check-article.js';
import { labelFr } from '../jobs/article/checks/labels.fr.js';
import type { Article } from '../jobs/article/contract.js';
import { renderArticle } from '../jobs/article/render.js';
import { isChecked, type CheckedCall, type ModelCall } from '../jobs/article/state.js';
import type { ArticleJobData, StoredResult } from '../jobs/queue.js';

/**
 * What the preview may hold: the markup renderArticle produces, nothing else. The article is the
 * model's text, hostile: scripts, handlers, styles and non-http(s) addresses are dropped.
 */
const PREVIEW: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'a', 'img', 'figure', 'figcaption', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'br'],
  allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
};

const FACT_KINDS = { numbers: 'chiffre', dates: 'date', quotes: 'citation', names: 'nom' } as const;

/** The sentence of the article that holds `value` (case ignored), for the editor to find it. */
export function passageOf(value: string, paragraphs: readonly string[]): string | null {
  const needle = value.toLowerCase();
  for (const paragraph of paragraphs) {
    const at = paragraph.toLowerCase().indexOf(needle);
    if (at === -1) continue;
    const start = Math.max(paragraph.lastIndexOf('. ', at) + 1, 0);
    const stop = paragraph.indexOf('. ', at + needle.length);
    return paragraph.slice(start, stop === -1 ? undefined : stop + 1).trim();
  }
  return null;
}

/**
 * The answer the draft was made from: the call whose report the result carries; before the job
 * completes, the latest usable answer. (run.ts's bestCall would load the checks, Yoast included,
 * into the HTTP server.)
 */
function chosenCall(calls: readonly ModelCall[], result: StoredResult | undefined): CheckedCall | undefined {
  const usable = calls.filter(isChecked);
  return (result && usable.find((call) => isDeepStrictEqual(call.report, result.report))) ?? usable.at(-1);
}

/** The article as paragraphs of text, in reading order: what the side-by-side view shows. */
function articleParagraphs(article: Article): Array<{ kind: 'lead' | 'heading' | 'paragraph'; text: string }> {
  return [
    { kind: 'lead', text: article.lead },
    ...article.sections.flatMap((section) => [
      { kind: 'heading' as const, text: section.heading },
      ...section.paragraphs.map((text) => ({ kind: 'paragraph' as const, text })),
    ]),
  ];
}

function reportView(report: CheckReport, paragraphs: readonly string[]) {
  return {
    passed: report.passed,
    scores: { seo: report.yoast.seo, readability: report.yoast.readability },
    targets: report.targets,
    // Every assessment, good ones included; a report saved before they were kept has only the failing ones.
    assessments: (report.yoast.assessments ?? report.yoast.failing).map((a) => ({ id: a.id, kind: a.kind, score: a.score, rating: a.rating, label_fr: labelFr(a.id) })),
    assessments_complete: report.yoast.assessments !== undefined,
    facts: {
      passed: report.facts.passed,
      checked: report.facts.checked,
      flagged: (Object.keys(FACT_KINDS) as Array<keyof typeof FACT_KINDS>).flatMap((kind) =>
        report.facts.missing[kind].map((value) => ({ kind, kind_fr: FACT_KINDS[kind], value, passage: passageOf(value, paragraphs) })),
      ),
    },
    originality: {
      applicable: report.originality.applicable,
      passed: report.originality.passed,
      ratio: report.originality.ratio,
      threshold: report.originality.threshold,
      passages: report.originality.passages,
    },
    word_count: report.form.wordCount,
    failures: report.failures.map((f) => ({ check: f.check, id: f.id, label_fr: labelFr(f.id), message_fr: f.message_fr })),
  };
}

/**
 * Everything an editor reviews on the job page, from the job's saved state: the cleaned source
 * with what cleaning removed, the chosen article as text and as a sanitised preview, its check
 * report, the model calls. Pure: the job is read by the caller.
 */
export function jobReview(data: ArticleJobData, result: StoredResult | undefined) {
  const state = data.state ?? {};
  const clean = state.clean;
  const calls = state.calls ?? [];
  const chosen = chosenCall(calls, result);
  const article = chosen?.article;
  const paragraphs = article ? articleParagraphs(article) : [];
  const media = state.media;
  const preview = article
    ? sanitizeHtml(
        renderArticle(article, {
          sourceUrl: clean?.canonicalUrl ?? data.payload.url,
          sourceName: clean?.siteName,
          relatedPosts: state.related ?? [],
          image: media ? { url: media.url, id: media.id, alt: article.focus_keyword } : undefined,
        }).html,
        PREVIEW,
      )
    : null;
  return {
    source: clean
      ? { title: clean.title ?? null, paragraphs: clean.paragraphs, language: clean.language, word_count: clean.wordCount, removed: clean.removed }
      : null,
    article: article
      ? {
          title: article.title,
          seo_title: article.seo_title,
          meta_description: article.meta_description,
          focus_keyword: article.focus_keyword,
          slug: article.slug,
          paragraphs,
          preview_html: preview,
        }
      : null,
    report: chosen?.report ? reportView(chosen.report, paragraphs.map((p) => p.text)) : null,
    calls: calls.map((call) => ({ kind: call.kind, outcome: call.outcome, model: call.model, at: call.at, tokens: call.usage })),
    cost_usd: result?.cost_usd ?? null,
    model_calls_cost: result?.model_calls?.map((call) => call.cost_usd ?? null) ?? [],
    edit_url: result?.edit_url ?? null,
    warnings_fr: result?.warnings_fr ?? state.warnings?.map((w) => w.message_fr) ?? [],
  };
}
