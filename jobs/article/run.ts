import type { ChatClient, TokenUsage } from '../../clients/model/chat-client.js';
import type { FetchPage } from '../../clients/web/fetch-page.js';
import type { WordPressClient } from '../../clients/wordpress/index.js';
import { PermanentError } from '../../errors/index.js';
import type { ArticleJobData } from '../queue.js';
import { checkArticle, compareReports, type CheckArticleInput, type CheckReport } from './checks/check-article.js';
import { factualSource, type CleanSource } from './clean/clean-source.js';
import type { Article } from './contract.js';
import { PROMPT_VERSION, type PromptSource } from './prompt.js';
import { renderArticle, type RenderAdditions } from './render.js';
import type { ArticleJobState, ModelCall } from './state.js';
import { askModel, unusableAnswerProblem } from './steps/ask-model.js';
import { cleanStep } from './steps/clean.js';
import { draftFields, NEEDS_REVIEW_TAG, publishDraft, safeSlug } from './steps/publish.js';
import { findRelatedPosts } from './steps/related.js';

export interface ArticleJobSettings {
  /** Model calls allowed after the first to repair what the checks found. */
  maxRepairs: number;
  seoTarget: number;
  readabilityTarget: number;
  /** Category for articles enqueued without one. */
  defaultCategory: string | undefined;
  /** Base address of the site, for the editor link in the result. */
  wordpressUrl: string;
}

/** The services a job talks to, passed in so tests hand in real local ones. */
export interface ArticleJobDeps {
  chat: ChatClient;
  wordpress: WordPressClient;
  fetchPage: FetchPage;
  settings: ArticleJobSettings;
  /** Runs the checks: the worker hands in its thread pool (check-pool.ts); in-process checkArticle when absent. */
  check?: ((input: CheckArticleInput) => Promise<CheckReport>) | undefined;
}

/** How the runner reads and persists its job; BullMQ in the worker, a plain object in tests. */
export interface ArticleJobContext {
  data: ArticleJobData;
  /** Persists the state before the next step starts. */
  save(state: ArticleJobState): Promise<void>;
  progress(step: string, percent: number): Promise<void>;
  /** No retry follows this attempt: what can be done without (the image) is done without. */
  finalAttempt: boolean;
}

export interface ArticleResult {
  post_id: number;
  edit_url: string;
  link: string;
  slug: string;
  status: string;
  title: string;
  focus_keyword: string;
  word_count: number;
  /** False when the checks still failed after the last repair: the draft carries the `à relire` tag. */
  clean: boolean;
  needs_review: boolean;
  /** What the draft lacks that an editor should know about (an image that could not be used…). */
  warnings: string[];
  scores: { seo: number; readability: number };
  source_language: string;
  calls: number;
  tokens: TokenUsage;
  /** Each model call: what it was for, how its answer turned out, what it cost. */
  model_calls: Array<{ kind: ModelCall['kind']; outcome: ModelCall['outcome']; finish_reason: string; model: string; tokens: TokenUsage }>;
  prompt_version: string;
  report: CheckReport;
}

const addUsage = (calls: readonly ModelCall[]): TokenUsage =>
  calls.reduce(
    (sum, c) => ({ prompt: sum.prompt + c.usage.prompt, completion: sum.completion + c.usage.completion, total: sum.total + c.usage.total }),
    { prompt: 0, completion: 0, total: 0 },
  );

/** The usable answer with the best report (fewest serious failures, then Yoast scores). */
export function bestCall(calls: readonly ModelCall[]): ModelCall | undefined {
  let best: ModelCall | undefined;
  for (const call of calls) {
    if (call.outcome !== 'ok' || !call.report) continue;
    if (!best || compareReports(call.report, best.report!) < 0) best = call;
  }
  return best;
}

function imageAlt(article: Article): string {
  return article.title.toLowerCase().includes(article.focus_keyword.toLowerCase())
    ? article.title
    : `${article.focus_keyword} : ${article.title}`;
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

  await ctx.progress('clean', 5);
  if (!state.clean) {
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
  const check = (article: Article): Promise<CheckReport> =>
    runChecks({
      article,
      html: renderArticle(article, additionsFor(article, clean, state, payload.url, imageUrl)).html,
      source: { text: sourceText, language: clean.language },
      // Yoast tells internal links from outbound ones by this address's host.
      permalink: `${settings.wordpressUrl}/${safeSlug(article.slug, article.focus_keyword)}/`,
      targets: { seo: settings.seoTarget, readability: settings.readabilityTarget },
    });

  state.calls = [...(state.calls ?? [])];
  const calls = state.calls;
  // Checks the answers saved without a report: an answer is saved as soon as it arrives, so a
  // failure while checking it (WordPress down during the related-posts search) never pays for it again.
  const checkPending = async () => {
    for (const call of calls) {
      if (!call.article || call.report) continue;
      if (state.related === undefined) state.related = await findRelatedPosts(call.article, deps.wordpress);
      call.report = await check(call.article);
      await save();
    }
  };
  const maxCalls = 1 + settings.maxRepairs;
  for (;;) {
    await checkPending();
    const best = bestCall(calls);
    if ((best && best.report!.clean) || calls.length >= maxCalls) break;
    await ctx.progress(calls.length === 0 ? 'write' : 'revise', 15 + Math.round((55 * calls.length) / maxCalls));
    const last = calls.at(-1);
    const repair =
      last === undefined
        ? undefined
        : {
            previous: best?.article,
            problems: [
              ...(last.outcome === 'ok' ? [] : [unusableAnswerProblem(last)]),
              ...(best ? best.report!.failures.map((f) => f.instruction) : []),
            ],
          };
    calls.push(await askModel({ source: promptSource, ...(repair ? { repair } : {}) }, deps.chat));
    await save();
  }

  const chosen = bestCall(calls);
  if (!chosen) {
    const problems = calls.map((c, i) => `call ${i + 1}: ${c.problem ?? c.outcome}`).join('; ');
    throw new PermanentError(`The model gave no usable article in ${calls.length} call(s): ${problems}`, {
      step: 'write',
      input: 'model answer',
    });
  }
  const article = chosen.article!;

  await ctx.progress('publish', 80);
  if (state.media === undefined) {
    state.media = null;
    if (imageUrl) {
      try {
        state.media = await deps.wordpress.media.uploadFromUrl({ imageUrl, altText: imageAlt(article), sourceKey, title: article.title });
      } catch (error) {
        // An image that cannot be had (gone, not an image, or still failing on the job's last
        // attempt) must not cost the article: the draft goes without it and says why.
        if (!(error instanceof PermanentError) && !ctx.finalAttempt) throw error;
        state.warnings = [...(state.warnings ?? []), `Image not used: ${error instanceof Error ? error.message : String(error)}`];
      }
    }
    await save();
  }
  // Checked as published: without the image when it could not be had.
  const report = state.media === null && imageUrl ? await check(article) : chosen.report!;
  const categoryNames = [payload.category ?? settings.defaultCategory].filter((c): c is string => Boolean(c));
  const tagNames = [...new Set([...(payload.tags ?? []), ...article.tags, ...(report.clean ? [] : [NEEDS_REVIEW_TAG])])];
  const [categories, tags] = await Promise.all([
    deps.wordpress.terms.ensureCategories(categoryNames),
    deps.wordpress.terms.ensureTags(tagNames),
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
  });
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

  return {
    post_id: post.id,
    edit_url: `${settings.wordpressUrl}/wp-admin/post.php?post=${post.id}&action=edit`,
    link: post.link,
    slug: post.slug,
    status: post.status,
    title: article.title,
    focus_keyword: article.focus_keyword,
    word_count: report.form.wordCount,
    clean: report.clean,
    needs_review: !report.clean,
    warnings: state.warnings ?? [],
    scores: { seo: report.yoast.seo, readability: report.yoast.readability },
    source_language: clean.language,
    calls: calls.length,
    tokens: addUsage(calls),
    model_calls: calls.map((c) => ({ kind: c.kind, outcome: c.outcome, finish_reason: c.finishReason, model: c.model, tokens: c.usage })),
    prompt_version: PROMPT_VERSION,
    report,
  };
}

