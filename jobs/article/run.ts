import { isDeepStrictEqual } from 'node:util';
import type { ChatClient, TokenUsage } from '../../clients/model/chat-client.js';
import { callCost } from '../../clients/model/cost.js';
import type { ModelPrices } from '../../config/index.js';
import type { FetchPage } from '../../clients/web/fetch-page.js';
import type { SeoPlugin, WordPressClient } from '../../clients/wordpress/index.js';
import { PermanentError, PlumeError } from '../../errors/index.js';
import { IMAGE_DOWNLOAD_STEP } from '../../clients/wordpress/media.js';
import type { ArticleJobData } from '../queue.js';
import { checkArticle, compareReports, findingKey, type CheckArticleInput, type CheckReport } from './checks/check-article.js';
import type { CheckFailure } from './checks/finding.js';
import { labelFr } from './checks/labels.fr.js';
import { factualSource, type CleanSource } from './source/clean-source.js';
import type { Article } from './contract.js';
import { plainTermNames, plainText, PLAIN_LIMITS, type PlainTextRemovals } from './plain-text.js';
import { PROMPT_VERSION, type PromptSource } from './prompt.js';
import { renderArticle, type RenderAdditions } from './render.js';
import { isChecked, type ArticleJobState, type CheckedCall, type JobWarning, type ModelCall } from './state.js';
import { askModel, unusableAnswerProblem } from './steps/ask-model.js';
import { cleanStep, type CleanSourceOffLoop } from './steps/clean.js';
import { draftFields, NEEDS_REVIEW_TAG, publishDraft, safeSlug } from './steps/publish.js';
import { mappedCategoryNames } from './category-map.js';
import { imageAlt, imageCaption } from './image-text.js';
import { findRelatedPosts } from './steps/related.js';

export interface ArticleJobSettings {
  /** Model calls allowed after the first to repair what the checks found. */
  maxRepairs: number;
  seoTarget: number;
  readabilityTarget: number;
  /** Category for articles enqueued without one. */
  defaultCategory: string | undefined;
  /** Author (id or login) of drafts of items that name none (the site's setting); Plume's user when undefined. */
  author?: string | undefined;
  /** Status of drafts of items that name none (the site's setting). */
  defaultStatus?: 'draft' | 'pending' | undefined;
  /** Tag (lower case) → category of the site the article also goes into (the site's `category_map`). */
  categoryMap?: Readonly<Record<string, string>> | undefined;
  /** Whether the source's address is written as the SEO plugin's canonical (the site's `canonical_to_source`). */
  canonicalToSource?: boolean | undefined;
  /** Base address of the site, for the editor link in the result. */
  wordpressUrl: string;
  /** Attempts at downloading the source's image before the draft goes without it. */
  imageTries: number;
  /** Model prices, for the cost estimate in the result; a model without one is not estimated. */
  prices: ModelPrices;
}

/** The services a job talks to, passed in so tests hand in real local ones. */
export interface ArticleJobDeps {
  chat: ChatClient;
  wordpress: WordPressClient;
  fetchPage: FetchPage;
  cleanSource: CleanSourceOffLoop;
  settings: ArticleJobSettings;
  /** Runs the checks: the worker hands in its thread pool (check-pool.ts); in-process checkArticle when absent. */
  check?: ((input: CheckArticleInput) => Promise<CheckReport>) | undefined;
  /** Throws when the job's site cannot take jobs (unknown, or failing its start-up check), before anything is paid. */
  siteReady?: (() => Promise<void>) | undefined;
}

/** How the runner reads and persists its job; BullMQ in the worker, a plain object in tests. */
export interface ArticleJobContext {
  data: ArticleJobData;
  /** Persists the state before the next step starts. */
  save(state: ArticleJobState): Promise<void>;
  progress(step: string, percent: number): Promise<void>;
  /**
   * Called before each side effect (model call, WordPress write): throws `LockLostError` when
   * another worker may now run this job, `ShutdownError` when the process is stopping.
   */
  assertOwned(): Promise<void>;
  /** The state as last saved in the queue, which a worker that ran the job before may have grown. */
  savedState(): Promise<ArticleJobState | undefined>;
  /**
   * False once a failure would not be retried: what can be done without (the image) is then done
   * without. With `tries`, also false when this attempt is the `tries`-th since the last progress.
   */
  retryLeft(tries?: number): boolean;
}

export interface ArticleResult {
  post_id: number;
  edit_url: string;
  link: string;
  slug: string;
  status: string;
  /** When the post is to appear (UTC), as stored on the draft; only when the item asked for a date. */
  date_gmt?: string;
  /** The SEO plugins found on the site and written for; empty: only Plume's own meta holds the keyphrase, SEO title and description. */
  seo_plugins: SeoPlugin[];
  title: string;
  focus_keyword: string;
  word_count: number;
  /** False when the checks still failed after the last repair: the draft carries the `à relire` tag. */
  clean: boolean;
  needs_review: boolean;
  /** What the draft lacks that an editor should know about (an image that could not be used…), in English for logs… */
  warnings: string[];
  /** …and in French, for editors. */
  warnings_fr: string[];
  scores: { seo: number; readability: number };
  source_language: string;
  calls: number;
  /** Repair calls allowed but not made, because none could have helped. */
  calls_saved: CallsSaved;
  tokens: TokenUsage;
  /** Estimated cost of every call in US dollars; absent when a model used has no price (PLUME_MODEL_PRICES). */
  cost_usd?: number;
  /** Each model call: what it was for, how its answer turned out, what it cost. */
  model_calls: Array<{
    kind: ModelCall['kind'];
    outcome: ModelCall['outcome'];
    finish_reason: string;
    model: string;
    tokens: TokenUsage;
    cost_usd?: number;
  }>;
  prompt_version: string;
  report: CheckReport;
}

/**
 * Why the repair loop stopped before its budget: `render_additions`, what is left depends on the
 * image and links Plume adds; `survived_repair`, what is left was asked for once and is still
 * there; `same_answer`, the last repair gave back the article it was given.
 */
export type SavedReason = 'render_additions' | 'survived_repair' | 'same_answer';

export interface CallsSaved {
  count: number;
  reasons: SavedReason[];
  /** Ids of the findings left unrepaired. */
  findings: string[];
}

const NO_CALLS_SAVED: CallsSaved = { count: 0, reasons: [], findings: [] };

const addUsage = (calls: readonly ModelCall[]): TokenUsage =>
  calls.reduce(
    (sum, c) => ({ prompt: sum.prompt + c.usage.prompt, completion: sum.completion + c.usage.completion, total: sum.total + c.usage.total }),
    { prompt: 0, completion: 0, total: 0 },
  );

/** The usable answer with the best report (see compareReports); the earlier one on a tie. */
export function bestCall(calls: readonly ModelCall[]): CheckedCall | undefined {
  let best: CheckedCall | undefined;
  for (const call of calls) {
    if (!isChecked(call)) continue;
    if (!best || compareReports(call.report, best.report) < 0) best = call;
  }
  return best;
}

/** A finding a repair asked for, still in that repair's answer: asking again would not help. */
function survivedRepair(failure: CheckFailure, calls: readonly ModelCall[]): boolean {
  const key = findingKey(failure);
  return calls.some((call) => call.asked?.includes(key) && call.outcome === 'ok' && call.report?.failures.some((other) => findingKey(other) === key));
}

/** The findings of `best` worth a repair call: those in the model's text that no repair has failed to fix yet. */
function findingsToRepair(best: CheckedCall, calls: readonly ModelCall[]): CheckFailure[] {
  return best.report.failures.filter((failure) => failure.fixable && !survivedRepair(failure, calls));
}

/** Why no repair call is made for what `best` still fails. */
function whyNoRepair(best: CheckedCall, calls: readonly ModelCall[]): SavedReason[] {
  const failures = best.report.failures;
  const last = calls.at(-1);
  const previous = last?.repairOf === undefined ? undefined : calls[last.repairOf];
  const reasons: SavedReason[] = [];
  if (last?.outcome === 'ok' && previous?.outcome === 'ok' && isDeepStrictEqual(last.article, previous.article)) reasons.push('same_answer');
  if (failures.some((failure) => failure.fixable)) reasons.push('survived_repair');
  if (failures.some((failure) => !failure.fixable)) reasons.push('render_additions');
  return reasons;
}

/** For the editor, when the only misses are the image and links Plume adds: no text change could fix them. */
function renderOnlyWarning(report: CheckReport): JobWarning | undefined {
  if (report.passed || report.failures.some((failure) => failure.fixable)) return undefined;
  const ids = report.failures.map((failure) => failure.id).join(', ');
  const labels = [...new Set(report.failures.map((failure) => labelFr(failure.id)))].join(', ');
  return {
    message: `Yoast SEO ${report.yoast.seo} (target ${report.targets.seo}) misses only what depends on the image and links Plume adds (${ids}): no repair call was made.`,
    message_fr: `Score SEO Yoast ${report.yoast.seo}/100 (objectif ${report.targets.seo}) : il ne manque que ce qui dépend de l’image et des liens ajoutés par Plume, le texte n’y peut rien (${labels}).`,
  };
}

/** The image could not be had: the editor learns which and whether a later try may find it. */
const NO_SEO_PLUGIN_WARNING: JobWarning = {
  message: 'No SEO plugin (Yoast, Rank Math, All in One SEO, SEOPress) found on the site: the keyphrase, SEO title and meta description are only in Plume\'s meta (_plume_focus_keyword, _plume_seo_title, _plume_meta_description).',
  message_fr: 'Aucune extension SEO (Yoast, Rank Math, All in One SEO, SEOPress) sur le site : l’expression clé, le titre SEO et la méta-description ne sont que dans les champs de Plume.',
};

function imageWarning(imageUrl: string, error: unknown): JobWarning {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    message: `Image not used: ${detail}`,
    message_fr:
      error instanceof PermanentError
        ? `Image non utilisée : ${imageUrl} ne donne pas d’image utilisable. Ajoutez-en une dans WordPress.`
        : `Image non utilisée : ${imageUrl} n’a pas répondu après plusieurs essais. Ajoutez-la dans WordPress.`,
  };
}

/** Images of other users carrying this source's key are never used: the editor learns which. */
function foreignMediaWarning(ids: readonly number[]): JobWarning {
  const list = ids.join(', ');
  return {
    message: `Media ${list} carry this source's key but were uploaded by another WordPress user: not used, Plume uploaded its own image.`,
    message_fr: `Média ${list} : porte la clé de cette source mais a été envoyé par un autre utilisateur WordPress. Plume ne l’a pas utilisé et a envoyé sa propre image.`,
  };
}

function additionsFor(article: Article, clean: CleanSource, state: ArticleJobState, payloadUrl: string | undefined, imageUrl: string | undefined): RenderAdditions {
  const sourceUrl = clean.canonicalUrl ?? payloadUrl;
  const media = state.media;
  // Before publishing, the source's image stands in for the upload; after, only an uploaded one shows.
  const image = media ? { url: media.url, id: media.id } : media === undefined && imageUrl ? { url: imageUrl } : undefined;
  return {
    sourceUrl,
    sourceName: clean.siteName,
    relatedPosts: state.related ?? [],
    image: image && { ...image, alt: imageAlt(article) },
  };
}

/**
 * The article job, step by step: clean → write → (check → revise)* → publish. Every step's
 * output is saved before the next begins; re-running the job with its saved state repeats no
 * model call and creates no second draft.
 */
export async function runArticleJob(ctx: ArticleJobContext, deps: ArticleJobDeps): Promise<ArticleResult> {
  const { payload, sourceKey } = ctx.data;
  const state: ArticleJobState = { ...(ctx.data.state ?? {}) };
  // A snapshot: the job must hold what was saved, not what the step is still changing.
  const save = () => ctx.save(structuredClone(state));
  const { settings } = deps;
  await deps.siteReady?.();
  // Checked before any model call: an author the site does not have fails the job at once.
  const authorName = payload.author ?? settings.author;
  const author = authorName === undefined ? undefined : await deps.wordpress.site.resolveAuthor(authorName);

  await ctx.progress('clean', 5);
  if (!state.clean) {
    await ctx.assertOwned();
    state.clean = await cleanStep(payload, deps);
    await save();
  }
  const clean = state.clean;
  const imageUrl = payload.image_url ?? clean.imageUrl;
  const sourceText = factualSource(clean);
  const promptSource: PromptSource = {
    text: sourceText,
    language: clean.language,
    title: payload.title ?? clean.title,
    focusKeyword: payload.focus_keyword,
  };

  const runChecks = deps.check ?? (async (input: CheckArticleInput) => checkArticle(input));
  const check = (article: Article, removed: PlainTextRemovals | undefined): Promise<CheckReport> =>
    runChecks({
      article,
      removed,
      html: renderArticle(article, additionsFor(article, clean, state, payload.url, imageUrl)).html,
      source: { text: sourceText, language: clean.language },
      // Yoast tells internal links from outbound ones by this address's host.
      permalink: `${settings.wordpressUrl}/${safeSlug(article.slug, article.focus_keyword)}/`,
      targets: { seo: settings.seoTarget, readability: settings.readabilityTarget },
    });

  const categoryName = payload.category ?? settings.defaultCategory;
  const calls: ModelCall[] = [...(state.calls ?? [])];
  state.calls = calls;
  // Checks the answers saved without a report: an answer is saved as soon as it arrives, so a
  // failure while checking it (WordPress down during the related-posts search) never pays for it again.
  const checkPending = async () => {
    for (const call of calls) {
      if (call.outcome !== 'ok' || call.report) continue;
      if (state.related === undefined) {
        await ctx.assertOwned();
        state.related = await findRelatedPosts(call.article, deps.wordpress, categoryName);
      }
      call.report = await check(call.article, call.removed);
      await save();
    }
  };
  const maxCalls = 1 + settings.maxRepairs;
  let callsSaved = NO_CALLS_SAVED;
  for (;;) {
    await checkPending();
    const best = bestCall(calls);
    if (best?.report.passed || calls.length >= maxCalls) break;
    const last = calls.at(-1);
    // A repair asks only for what the model can fix and has not already failed to fix.
    const toRepair = best ? findingsToRepair(best, calls) : [];
    if (best && toRepair.length === 0) {
      callsSaved = {
        count: maxCalls - calls.length,
        reasons: whyNoRepair(best, calls),
        findings: [...new Set(best.report.failures.map((failure) => failure.id))],
      };
      break;
    }
    await ctx.progress(calls.length === 0 ? 'write' : 'revise', 15 + Math.round((55 * calls.length) / maxCalls));
    const repair =
      last === undefined
        ? undefined
        : {
            previous: best?.article,
            problems: [...(last.outcome === 'ok' ? [] : [unusableAnswerProblem(last)]), ...toRepair.map((f) => f.instruction)],
          };
    await ctx.assertOwned();
    // A worker that ran this job before (its lock lost, or killed) may have saved an answer
    // since this attempt read the job: that answer is used, not paid for again.
    const saved = await ctx.savedState();
    if (saved?.calls && saved.calls.length > calls.length) {
      calls.splice(0, calls.length, ...structuredClone(saved.calls));
      state.related ??= saved.related;
      continue;
    }
    const call = await askModel({ source: promptSource, ...(repair ? { repair } : {}) }, deps.chat);
    if (repair && best) {
      call.repairOf = calls.indexOf(best);
      call.asked = toRepair.map(findingKey);
    }
    calls.push(call);
    await save();
  }

  const chosen = bestCall(calls);
  if (!chosen) {
    const problems = calls.map((c, i) => `call ${i + 1}: ${c.outcome === 'ok' ? c.outcome : c.problem}`).join('; ');
    throw new PermanentError(`The model gave no usable article in ${calls.length} call(s): ${problems}`, {
      code: 'model_no_usable_answer',
      params: { calls: calls.length },
      step: 'write',
      input: 'model answer',
    });
  }
  const article = chosen.article;

  await ctx.progress('publish', 80);
  if (state.media === undefined) {
    state.media = null;
    if (imageUrl) {
      await ctx.assertOwned();
      try {
        const upload = await deps.wordpress.media.uploadFromUrl({
          imageUrl,
          altText: imageAlt(article),
          sourceKey,
          title: plainText(article.title, PLAIN_LIMITS.title),
          caption: imageCaption(clean.siteName, clean.canonicalUrl ?? payload.url),
        });
        state.media = { id: upload.id, url: upload.url };
        if (upload.foreignIds.length > 0) state.warnings = [...(state.warnings ?? []), foreignMediaWarning(upload.foreignIds)];
      } catch (error) {
        // An image that cannot be had (gone, not an image, its host still failing after a few
        // tries, or the job on its last attempt) must not cost the article: the draft goes
        // without it and says why. A failing upload is WordPress failing, which the draft needs.
        const hostFailing = error instanceof PlumeError && error.step === IMAGE_DOWNLOAD_STEP;
        if (!(error instanceof PermanentError) && ctx.retryLeft(hostFailing ? settings.imageTries : undefined)) throw error;
        state.warnings = [...(state.warnings ?? []), imageWarning(imageUrl, error)];
      }
    }
    await save();
  }
  // Checked as published: without the image when it could not be had.
  const report = state.media === null && imageUrl ? await check(article, chosen.removed) : chosen.report;
  await ctx.assertOwned();
  // Term names go to WordPress as plain text; one left empty would be refused (`empty_term_name`), so it is dropped.
  // The site's category map sends tags of the item or the model to the site's own categories.
  const categoryNames = plainTermNames(mappedCategoryNames(categoryName, [...(payload.tags ?? []), ...article.tags], settings.categoryMap ?? {}));
  const tagNames = [...new Set(plainTermNames([...(payload.tags ?? []), ...article.tags, ...(report.passed ? [] : [NEEDS_REVIEW_TAG])]))];
  const [categories, tags, seoPlugins] = await Promise.all([
    deps.wordpress.terms.ensureCategories(categoryNames),
    deps.wordpress.terms.ensureTags(tagNames),
    deps.wordpress.site.seoPlugins(),
  ]);
  const rendered = renderArticle(article, additionsFor(article, clean, state, payload.url, imageUrl));
  const fields = draftFields({
    article,
    content: rendered.blocks,
    sourceKey,
    categories,
    tags,
    featuredMedia: state.media?.id,
    report: JSON.stringify(report),
    status: payload.status ?? settings.defaultStatus,
    date: payload.date,
    author,
    seoPlugins,
    canonicalUrl: settings.canonicalToSource ? (clean.canonicalUrl ?? payload.url) : undefined,
  });
  await ctx.assertOwned();
  const post = await publishDraft(fields, sourceKey, deps.wordpress, {
    ownPostId: state.post?.id,
    onCreated: async (id) => {
      state.post = { id };
      await save();
    },
  });
  state.post = { id: post.id };
  await save();
  await ctx.progress('done', 100);
  const renderOnly = renderOnlyWarning(report);
  const warnings = [...(state.warnings ?? []), ...(renderOnly ? [renderOnly] : []), ...(seoPlugins.length === 0 ? [NO_SEO_PLUGIN_WARNING] : [])];
  const costs = calls.map((call) => callCost(call.model, call.usage, settings.prices));

  return {
    post_id: post.id,
    edit_url: `${settings.wordpressUrl}/wp-admin/post.php?post=${post.id}&action=edit`,
    link: post.link,
    slug: post.slug,
    status: post.status,
    ...(post.date_gmt && payload.date ? { date_gmt: post.date_gmt } : {}),
    seo_plugins: seoPlugins,
    title: article.title,
    focus_keyword: article.focus_keyword,
    word_count: report.form.wordCount,
    clean: report.passed,
    needs_review: !report.passed,
    warnings: warnings.map((warning) => warning.message),
    warnings_fr: warnings.map((warning) => warning.message_fr),
    scores: { seo: report.yoast.seo, readability: report.yoast.readability },
    source_language: clean.language,
    calls: calls.length,
    calls_saved: callsSaved,
    tokens: addUsage(calls),
    ...(costs.every((cost) => cost !== undefined) ? { cost_usd: costs.reduce((sum, cost) => sum + cost, 0) } : {}),
    model_calls: calls.map((c, i) => ({
      kind: c.kind,
      outcome: c.outcome,
      finish_reason: c.finishReason,
      model: c.model,
      tokens: c.usage,
      ...(costs[i] === undefined ? {} : { cost_usd: costs[i] }),
    })),
    prompt_version: PROMPT_VERSION,
    report,
  };
}

