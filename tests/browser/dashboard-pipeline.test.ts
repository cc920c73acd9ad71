import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Article } from '../../jobs/article/contract.js';
import { YOAST_LABELS_FR } from '../../jobs/article/checks/labels.fr.js';
import { launchChromium } from '../helpers/chromium.js';
import { articleFixture, fixture } from '../helpers/fixtures.js';
import { freePort } from '../helpers/free-port.js';
import { plantInvention } from '../helpers/plant-invention.js';
import { servicesEnv, startPlume, TEST_API_TOKEN, type PlumeUnderTest } from '../helpers/plume.js';
import { startScriptedModel, type ScriptedModel } from '../helpers/scripted-model.js';
import { startStaticServer } from '../helpers/static-server.js';
import { startWordPress, type WordPressServer } from '../helpers/wordpress.js';

/**
 * The dashboard against Plume as it runs (its real worker, real Redis, real WordPress, the
 * scripted model behind the real SDK): what an editor sees, page by page, at desktop and phone
 * width. Screenshots go to tests/output/ (git-ignored).
 */

const OUTPUT = new URL('../output/', import.meta.url);
const source = fixture('lavrov-pyongyang.fr.txt');
/** A sentence of the source, copied word for word into the answer: a passage the originality check must show. */
const COPIED = 'Le ministre russe des Affaires étrangères Sergueï Lavrov est arrivé mercredi dans la capitale nord-coréenne pour un voyage de deux jours';
/** Markup in the model's text: hostile, it must reach the page as text and never run. */
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** Yoast's ratings as the job page names them. */
const RATINGS_FR: Record<string, string> = { good: 'bon', ok: 'moyen', bad: 'mauvais', feedback: 'à revoir' };

let wp: WordPressServer;
let model: ScriptedModel;
let plume: PlumeUnderTest;
let browser: Browser;
let files: Awaited<ReturnType<typeof startStaticServer>>;

before(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  wp = await startWordPress({ name: 'dash' });
  model = await startScriptedModel();
  files = await startStaticServer({ '/tram.html': { type: 'text/html; charset=utf-8', body: fixture('tram-lyon.fr.html') } });
  plume = await startPlume({
    ...servicesEnv(model, wp),
    // One answer per article: what the editor reviews is what the model wrote.
    PLUME_MAX_REPAIRS: '0',
    // Short enough that a model answering 500 fails the job within the test.
    PLUME_RETRY_BUDGET_MS: '1000',
    PLUME_BACKOFF_MS: '200',
    PLUME_BACKOFF_MAX_MS: '400',
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await plume?.close();
  await files?.close();
  await model?.close();
  await wp?.stop();
});

interface Session {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors of the page, other than refused requests. */
  errors: string[];
  /** Main-frame navigations after sign-in: a live update must not reload the page. */
  navigations: number;
}

async function signedIn(): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const session: Session = { context, page, errors: [], navigations: 0 };
  page.on('pageerror', (error) => session.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) session.errors.push(message.text());
  });
  await page.goto(plume.baseUrl);
  await page.getByLabel('Jeton d’API').fill(TEST_API_TOKEN);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByText('Connecté.').waitFor();
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) session.navigations += 1;
  });
  return session;
}

/** Full-page screenshots at desktop and phone width; at 360 px nothing may be wider than the screen. */
async function screenshots(page: Page, name: string, ours = true): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: new URL(`${name}-desktop.png`, OUTPUT).pathname, fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  // bull-board and Swagger UI are their makers' layouts: only Plume's own pages are held to it.
  const overflow = !ours ? 0 : (await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth));
  await page.screenshot({ path: new URL(`${name}-phone.png`, OUTPUT).pathname, fullPage: true });
  const widest = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth)
      .slice(0, 5)
      .map((e) => `${e.tagName}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`),
  );
  assert.ok(overflow <= 0, `${name}: the page is ${overflow} px wider than a 360 px screen: ${widest.join(', ')}`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The reference answer with a planted invented name, a sentence copied from the source and hostile markup. */
function reviewedAnswer(): { answer: Article; name: string } {
  const planted = plantInvention(articleFixture('revised'), source, 'name', 7);
  const name = /L’expert (.+) suit le dossier/.exec(planted.planted)?.[1];
  assert.ok(name, planted.planted);
  const answer = structuredClone(planted.answer);
  const paragraphs = answer.sections[1]!.paragraphs;
  paragraphs[0] = `${paragraphs[0]} ${COPIED}.`;
  paragraphs[1] = `${paragraphs[1]} ${HOSTILE}`;
  return { answer, name };
}

describe('the dashboard with Plume’s real worker', { timeout: 240_000 }, () => {
  test('a pasted article reaches "terminé" without reload; its job page shows scores, the invented name, copied passages and the draft link', async () => {
    const { answer, name } = reviewedAnswer();
    // Slow enough to be seen writing.
    model.push({ answer, delayMs: 3000 });
    const session = await signedIn();
    const { context, page, errors } = session;
    try {
      await page.getByLabel('Texte de la dépêche').fill(source);
      await page.getByLabel('Titre de la source').fill('Lavrov à Pyongyang');
      await page.getByRole('button', { name: 'Mettre en file' }).click();
      await page.getByText('Dépêche mise en file.').waitFor();
      const card = page.locator('li.job').first();
      const referenceId = (await card.getAttribute('data-job-id'))!;
      assert.ok(referenceId);
      await card.getByText('en cours — rédaction').waitFor({ timeout: 60_000 });
      await card.getByText('terminé', { exact: true }).waitFor({ timeout: 120_000 });
      assert.equal(session.navigations, 0, 'the list updated itself, without a reload');
      await card.getByText('à relire', { exact: true }).waitFor();
      // Findings in French only: never the English messages meant for logs.
      assert.doesNotMatch((await card.locator('.failures').first().textContent()) ?? '', /not found|Keyphrase|The /);
      // Polls that find nothing new are empty 304s: the list is not sent again.
      await page.waitForResponse((r) => r.url().includes('/api/articles?') && r.status() === 304);
      // The site filter offers the configured sites (one here), not free text.
      const site = page.getByLabel('Site', { exact: true });
      assert.equal(await site.evaluate((e) => e.tagName), 'SELECT');
      await page.locator('#site-filter option[value="default"]').waitFor({ state: 'attached' });
      assert.deepEqual(await site.locator('option').allTextContents(), ['tous', 'default (par défaut)']);
      await site.selectOption('default');
      await page.locator(`li.job[data-job-id="${referenceId}"]`).waitFor();
      await site.selectOption('');
      await screenshots(page, 'dashboard');

      // By keyboard: the card's link to its job page.
      await card.getByRole('link', { name: 'Voir le détail' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/job\?id=/);
      await page.getByRole('heading', { name: 'Rapport des vérifications' }).waitFor();

      const job = (await plume.api('GET', `/api/articles/${referenceId}`)).body;
      const scores = (await page.locator('.metrics').first().textContent()) ?? '';
      assert.match(scores, new RegExp(`SEO Yoast ${job.result.scores.seo}/100`));
      assert.match(scores, new RegExp(`Lisibilité Yoast ${job.result.scores.readability}/100`));
      // Every Yoast assessment, good ones too, each under its French label with its rating and score.
      const review = (await plume.api('GET', `/api/articles/${referenceId}/review`)).body;
      const assessments = review.report.assessments as Array<{ id: string; kind: string; rating: string; score: number }>;
      assert.ok(assessments.filter((a) => a.kind === 'seo').length >= 10 && assessments.filter((a) => a.kind === 'readability').length >= 4, JSON.stringify(assessments));
      assert.ok(assessments.some((a) => a.rating === 'good'), 'good assessments are shown too');
      for (const kind of ['seo', 'readability'] as const) {
        const table = page.getByRole('table', { name: kind === 'seo' ? 'Critères SEO Yoast' : 'Critères de lisibilité Yoast' });
        assert.equal(await table.locator('tbody tr').count(), assessments.filter((a) => a.kind === kind).length, kind);
      }
      for (const assessment of assessments) {
        const row = page.locator(`tr[data-assessment="${assessment.id}"]`);
        assert.equal((await row.locator('th').textContent())?.trim(), YOAST_LABELS_FR[assessment.id], assessment.id);
        assert.match((await row.textContent()) ?? '', new RegExp(`${RATINGS_FR[assessment.rating]}${assessment.score < 0 ? '—' : `${assessment.score}/9`}`), assessment.id);
      }
      await page.getByRole('row', { name: /Longueur de l’expression clé/ }).waitFor();
      await page.getByRole('row', { name: /Longueur des phrases/ }).waitFor();
      const facts = page.getByRole('list', { name: 'Faits absents de la source' });
      await facts.getByText(`Nom absent de la source : « ${name} »`).waitFor();
      assert.match((await facts.locator('blockquote').first().textContent()) ?? '', new RegExp(`L’expert ${name} suit le dossier`));
      await page.getByRole('list', { name: 'Passages repris de la source' }).locator('mark.copied', { hasText: 'capitale nord-coréenne' }).first().waitFor();
      assert.ok((await page.locator('.columns mark.copied', { hasText: 'capitale nord-coréenne' }).count()) >= 2, 'highlighted in the source and in the article');
      assert.equal(await page.getByRole('link', { name: 'Ouvrir le brouillon dans WordPress' }).getAttribute('href'), job.result.edit_url);
      await page.getByRole('heading', { name: 'Source nettoyée' }).waitFor();
      await page.getByRole('heading', { name: 'Appels au modèle' }).waitFor();
      assert.equal(await page.locator('[data-testid="preview"] h2').count(), answer.sections.length, 'the preview shows the article’s sections');
      // The hostile markup is shown as the text it is, in the article and in the preview; nothing of it ran.
      await page.locator('.columns').getByText(HOSTILE, { exact: false }).first().waitFor();
      await page.locator('[data-testid="preview"]').getByText('window.__pwned=2', { exact: false }).first().waitFor();
      assert.equal(await page.locator('[data-testid="preview"] script, [data-testid="preview"] img[onerror], [data-testid="preview"] img[src="x"]').count(), 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      await page.getByRole('table', { name: 'Critères SEO Yoast' }).scrollIntoViewIfNeeded();
      await screenshots(page, 'job');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a batch of three URLs: one queued, one duplicate linking to the existing job, one unreachable that fails at the cleaning step', async () => {
    model.push({ answer: articleFixture('revised') });
    const unreachable = `http://127.0.0.1:${await freePort()}/disparu`;
    const tram = `${files.url}/tram.html`;
    const { context, page, errors } = await signedIn();
    try {
      await page.getByLabel('Adresses, une par ligne').fill([tram, tram, unreachable].join('\n'));
      await page.getByRole('button', { name: 'Mettre le lot en file' }).click();
      const results = page.getByRole('list', { name: 'Résultat du lot, ligne par ligne' });
      await results.getByText(`Ligne 1 (${tram}) : mise en file`).waitFor();
      await results.getByText(`Ligne 2 (${tram}) : déjà en file`).waitFor();
      await results.getByText(`Ligne 3 (${unreachable}) : mise en file`).waitFor();
      const duplicateLink = await results.locator('li').nth(1).getByRole('link', { name: 'voir l’article' }).getAttribute('href');
      const firstLink = await results.locator('li').nth(0).getByRole('link', { name: 'voir l’article' }).getAttribute('href');
      assert.equal(duplicateLink, firstLink, 'the duplicate links to the existing job');
      await page.getByText('2 mise(s) en file, 1 déjà en file, 0 refusée(s).').waitFor();
      await screenshots(page, 'batch');

      const unreachableId = new URLSearchParams(
        (await results.locator('li').nth(2).getByRole('link').getAttribute('href'))!.split('?')[1],
      ).get('id')!;
      const failedCard = page.locator(`li.job[data-job-id="${unreachableId}"]`);
      await failedCard.getByText('échec', { exact: true }).waitFor({ timeout: 60_000 });
      await failedCard.getByText('Échec à l’étape « nettoyage de la source »').waitFor();
      const tramId = new URLSearchParams(firstLink!.split('?')[1]).get('id')!;
      await page.locator(`li.job[data-job-id="${tramId}"]`).getByText('terminé', { exact: true }).waitFor({ timeout: 120_000 });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a job the model fails (500 until the retry budget runs out) shows its cause in French, then completes after retry', async () => {
    // An empty script: the scripted model answers 500 to every call.
    const { context, page, errors } = await signedIn();
    try {
      await page.getByLabel('Texte de la dépêche').fill(source.replace('Lavrov', 'Sergueï Lavrov'));
      await page.getByLabel('Titre de la source').fill('Lavrov, deuxième dépêche');
      await page.getByRole('button', { name: 'Mettre en file' }).click();
      await page.getByText('Dépêche mise en file.').waitFor();
      // The card of this job: the batch's unreachable item, failed at cleaning, may still be first
      // until the list shows the new one, so its id is read only once the card shows the writing step.
      const card = page.locator('li.job').first();
      await card.getByText('échec', { exact: true }).waitFor({ timeout: 60_000 });
      await card.getByText('Échec à l’étape « rédaction »').waitFor();
      const id = (await card.getAttribute('data-job-id'))!;
      await page.goto(`${plume.baseUrl}/job?id=${encodeURIComponent(id)}`);
      const cause = page.locator('.error-box .error-summary');
      await cause.waitFor();
      // The French of the error's stable code (model_unavailable, status 500), never its English message.
      const shown = (await cause.textContent()) ?? '';
      assert.match(shown, /^Le service du modèle est en panne \(erreur 500\)/);
      assert.doesNotMatch(shown, /model|failed|HTTP/);
      await screenshots(page, 'job-failed');

      // The model is back: the editor retries from the job page, which follows the job to the end.
      model.push({ answer: articleFixture('revised') });
      await page.getByRole('button', { name: 'Réessayer' }).click();
      await page.locator('.badge.state', { hasText: 'terminé' }).waitFor({ timeout: 120_000 });
      await page.getByRole('link', { name: 'Ouvrir le brouillon dans WordPress' }).waitFor();
      assert.equal((await plume.api('GET', `/api/articles/${id}`)).body.state, 'completed');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('bull-board and the API reference open with a session, and not without', async () => {
    const anonymous = await browser.newContext();
    try {
      const page = await anonymous.newPage();
      for (const path of ['/admin/queues', '/api/docs', '/api/openapi.json']) {
        const response = await page.goto(`${plume.baseUrl}${path}`);
        assert.equal(response?.status(), 401, path);
      }
    } finally {
      await anonymous.close();
    }
    const { context, page } = await signedIn();
    try {
      const board = await page.goto(`${plume.baseUrl}/admin/queues`);
      assert.equal(board?.status(), 200);
      await page.getByText('articles', { exact: true }).first().waitFor();
      await screenshots(page, 'bull-board', false);
      const docs = await page.goto(`${plume.baseUrl}/api/docs`);
      assert.equal(docs?.status(), 200);
      await page.getByText('Enqueue up to 100 items').waitFor();
      await screenshots(page, 'api-reference', false);
    } finally {
      await context.close();
    }
  });
});
