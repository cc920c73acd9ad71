import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Queue } from 'bullmq';
import type { Browser, Locator, Page } from 'playwright-core';
import { loadConfig } from '../../config/index.js';
import { createArticleQueue, serverRedisConnection, type ArticleJobData } from '../../jobs/queue.js';
import { createLogger } from '../../observability/logger.js';
import { buildApp } from '../../server/app.js';
import { launchChromium } from '../helpers/chromium.js';
import { useRedisPrefix } from '../helpers/redis.js';

const TOKEN = '6f15cb18953682cd759e6f57bdffaca26d6e8384b12d4da432d5241944140d2c';

let browser: Browser;

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** A French news item long enough for the API (200 characters), different for each subject. */
const newsText = (subject: string) =>
  `${subject}. La décision a été annoncée mardi matin lors d'une conférence de presse. Selon les responsables, ` +
  `les premiers effets seront visibles dès le mois prochain, tandis que plusieurs associations demandent davantage ` +
  `de concertation avec les habitants concernés par ces changements.`;

interface Dashboard {
  baseUrl: string;
  queue: Queue<ArticleJobData>;
  page: Page;
  /** Uncaught errors and console errors of the page, other than the API's refusals. */
  pageErrors: string[];
  enqueue(body: Record<string, unknown>): Promise<string>;
  waitForState(id: string, state: string): Promise<void>;
  /** The dashboard loaded and signed in with the given token. */
  signIn(token?: string): Promise<void>;
  /** Ends every dashboard session on the server's side, as an expiry would. */
  endSessions(): Promise<void>;
  card(id: string): Locator;
}

/** The real app on a real queue (Redis prefix of its own) and a fresh browser context, all closed after the test. */
async function startDashboard(t: TestContext, env: Record<string, string> = {}): Promise<Dashboard> {
  const cleanups: Array<() => unknown> = [];
  t.after(async () => {
    // In reverse, each one attempted even when another fails.
    const errors: unknown[] = [];
    for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw new AggregateError(errors, 'dashboard test cleanup failed');
  });

  const redis = await useRedisPrefix();
  cleanups.push(() => redis.cleanup());
  const config = loadConfig(
    { REDIS_URL: redis.redisUrl, PLUME_QUEUE_PREFIX: redis.prefix, PLUME_API_TOKEN: TOKEN, LOG_LEVEL: 'silent', ...env },
    ['server'],
  );
  const connection = serverRedisConnection(config);
  cleanups.push(() => connection.disconnect());
  const queue = createArticleQueue(config, connection);
  cleanups.push(() => queue.close());
  const app = await buildApp({ queue, redis: connection, apiToken: TOKEN, logger: createLogger('silent', 'dashboard-test') });
  cleanups.push(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  cleanups.push(() => context.close());
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // Chromium logs every 4xx answer; the 401 and 400 ones are what some tests provoke.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });

  return {
    baseUrl,
    queue,
    page,
    pageErrors,
    async enqueue(body) {
      const response = await fetch(`${baseUrl}/api/articles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { id: string };
      assert.equal(response.status, 202, JSON.stringify(answer));
      return answer.id;
    },
    async waitForState(id, state) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const current = await (await queue.getJob(id))?.getState();
        if (current === state) return;
        if (Date.now() > deadline) throw new Error(`job ${id} is ${current}, expected ${state}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async signIn(token = TOKEN) {
      await page.goto(baseUrl);
      await page.getByLabel('Jeton d’API').fill(token);
      await page.getByRole('button', { name: 'Se connecter' }).click();
    },
    async endSessions() {
      const keys = await connection.keys(`${redis.prefix}:sessions:*`);
      assert.ok(keys.length > 0, 'a session was open');
      await connection.del(...keys);
    },
    card: (id) => page.locator(`li.job[data-job-id="${id}"]`),
  };
}

describe('editors’ dashboard', { timeout: 60_000 }, () => {
  test('serves the page and its assets without a token, with a strict content policy', async (t) => {
    const d = await startDashboard(t);
    const page = await fetch(`${d.baseUrl}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    for (const [path, type] of [
      ['/dashboard/app.js', /^text\/javascript/],
      ['/dashboard/style.css', /^text\/css/],
    ] as const) {
      const asset = await fetch(`${d.baseUrl}${path}`);
      assert.equal(asset.status, 200, path);
      assert.match(asset.headers.get('content-type') ?? '', type);
    }
    assert.equal((await fetch(`${d.baseUrl}/api/articles`)).status, 401, 'the API itself stays behind the token');
  });

  test('a wrong token shows that the server refused it; the right one opens a session kept across reloads', async (t) => {
    const d = await startDashboard(t);
    const { page } = d;
    await d.signIn('not-the-token-at-all');
    await page.getByText('Jeton refusé par le serveur').waitFor();
    assert.equal(await page.getByLabel('Jeton d’API').getAttribute('aria-invalid'), 'true');

    await d.signIn(TOKEN);
    await page.getByText('Connecté.').waitFor();
    assert.equal(await page.getByText('Jeton refusé').count(), 0);
    await page.reload();
    await page.getByText('Connecté.').waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    assert.equal(await page.getByLabel('Jeton d’API').isVisible(), false, 'no token asked while the session lasts');
    assert.deepEqual(d.pageErrors, []);
  });

  test('the token is kept nowhere a script can read; changes need the CSRF value; sign-out ends the session', async (t) => {
    const d = await startDashboard(t);
    const { page } = d;
    await d.signIn();
    await page.getByText('Connecté.').waitFor();

    // Written without inner functions: tsx would name them with a helper the page does not have.
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
    assert.ok(!stored.includes(TOKEN), 'the token is in storage or cookies readable by scripts');
    assert.doesNotMatch(stored, /plume_session/, 'the session cookie is HttpOnly');
    assert.equal(await page.getByLabel('Jeton d’API').inputValue(), '', 'the field is emptied after sign-in');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'plume_session');
    assert.ok(session, 'the browser holds the session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.ok(!session.value.includes(TOKEN));

    // What another page's script or form would send: the cookie, without the CSRF value.
    const forged = await page.evaluate(async (text) => {
      const response = await fetch('/api/articles', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      return response.status;
    }, newsText('Une dépêche glissée par un autre site'));
    assert.equal(forged, 403);
    assert.equal((await d.queue.getJobCounts('waiting')).waiting, 0);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByText('Déconnecté.').waitFor();
    await page.getByLabel('Jeton d’API').waitFor();
    assert.equal(await page.evaluate(async () => (await fetch('/api/articles')).status), 401, 'the API refuses the browser after sign-out');
    assert.equal((await page.context().cookies()).some((c) => c.name === 'plume_session'), false);
    assert.deepEqual(d.pageErrors, []);
  });

  test('a session the server no longer knows drops the list and shows the sign-in form', async (t) => {
    const d = await startDashboard(t);
    const { page } = d;
    const id = await d.enqueue({ text: newsText('Une dépêche visible avant l’expiration'), title: 'Avant expiration' });
    await d.signIn();
    await d.card(id).waitFor();

    await d.endSessions();
    await page.getByText('Session expirée ou fermée').waitFor();
    await page.getByLabel('Jeton d’API').waitFor();
    assert.equal(await page.locator('li.job').count(), 0, 'jobs listed under the old session are gone');
    assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).isVisible(), false);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.equal(stored, '{}');

    await d.signIn();
    await d.card(id).waitFor();
    assert.deepEqual(d.pageErrors, []);
  });

  test('a submitted text item appears at the top as "en attente", and again as "déjà en file"', async (t) => {
    const d = await startDashboard(t);
    const older = await d.enqueue({ text: newsText('Une ancienne dépêche'), title: 'Dépêche plus ancienne' });
    await d.signIn();
    await d.card(older).waitFor();

    const { page } = d;
    const text = newsText('La métropole de Lyon prolonge la ligne T6 du tramway');
    const fill = async () => {
      await page.getByLabel('Texte de la dépêche').fill(text);
      await page.getByLabel('Titre de la source').fill('Lyon : le tramway T6 prolongé jusqu’à La Doua');
      await page.getByLabel('Mot-clé principal').fill('tramway Lyon');
      await page.getByLabel('Rubrique').fill('Transports');
      await page.getByLabel('Étiquettes').fill('Lyon, tramway , , mobilité');
      await page.getByRole('button', { name: 'Mettre en file' }).click();
    };
    await fill();
    await page.getByText('Dépêche mise en file.').waitFor();

    const waiting = await d.queue.getJobs(['waiting']);
    const job = waiting.find((j) => j.id !== older);
    assert.ok(job?.id, 'one new job was enqueued');
    assert.deepEqual(job.data.payload, {
      text,
      title: 'Lyon : le tramway T6 prolongé jusqu’à La Doua',
      focus_keyword: 'tramway Lyon',
      category: 'Transports',
      tags: ['Lyon', 'tramway', 'mobilité'],
    });
    const first = page.locator('li.job').first();
    await first.and(d.card(job.id)).waitFor();
    await first.getByText('en attente', { exact: true }).waitFor();
    await first.getByText('Lyon : le tramway T6 prolongé jusqu’à La Doua').waitFor();
    assert.equal(await page.getByLabel('Texte de la dépêche').inputValue(), '', 'the form is emptied for the next item');

    // Auto-refresh rebuilds nothing that did not change: the badge is still the same node.
    await first.locator('.badge.state').evaluate((badge) => ((badge as HTMLElement).dataset.probe = 'kept'));
    const stamp = await page.locator('#refresh-status').textContent();
    await page.waitForFunction((previous) => document.getElementById('refresh-status')?.textContent !== previous, stamp);
    assert.equal(await first.locator('.badge.state').getAttribute('data-probe'), 'kept');

    // Another editor's newer item tops the list; submitting the same source again brings the
    // existing job back on top, with the note, and adds nothing.
    await d.enqueue({ text: newsText('Une autre dépêche, plus récente') });
    await fill();
    await page.getByText('Cette source est déjà en file').waitFor();
    await first.and(d.card(job.id)).waitFor();
    await first.getByText('déjà en file', { exact: true }).waitFor();
    assert.equal((await d.queue.getJobCounts('waiting')).waiting, 3, 'the duplicate enqueued nothing');
    assert.deepEqual(d.pageErrors, []);
  });

  test('refused submissions show each problem next to its field and enqueue nothing', async (t) => {
    const d = await startDashboard(t);
    const { page } = d;
    await d.signIn();
    await page.getByText('Connecté.').waitFor();

    await page.getByRole('radio', { name: 'Adresse URL' }).check();
    await page.getByLabel('Adresse de l’article').fill('not a url');
    await page.getByRole('button', { name: 'Mettre en file' }).click();
    const urlError = page.locator('.field[data-field="url"] .field-error');
    await urlError.getByText('Adresse invalide').waitFor();
    assert.equal(await page.getByLabel('Adresse de l’article').getAttribute('aria-invalid'), 'true');
    assert.match(
      (await page.getByLabel('Adresse de l’article').getAttribute('aria-describedby')) ?? '',
      new RegExp(`\\b${await urlError.getAttribute('id')}\\b`),
      'the message is announced with the field',
    );
    assert.ok(await page.getByLabel('Adresse de l’article').evaluate((input) => input === document.activeElement), 'the faulty field has focus');

    await page.getByRole('radio', { name: 'Texte collé' }).check();
    await page.getByLabel('Texte de la dépêche').fill('Trop court.');
    await page.getByLabel('Image à la une').fill('image.jpg');
    await page.getByRole('button', { name: 'Mettre en file' }).click();
    await page.locator('.field[data-field="text"] .field-error').getByText('Texte trop court : au moins 200 caractères.').waitFor();
    await page.locator('.field[data-field="image_url"] .field-error').getByText('Adresse invalide').waitFor();
    assert.equal(await urlError.textContent(), '', 'earlier errors are cleared');
    assert.equal(await page.getByLabel('Titre de la source').getAttribute('aria-invalid'), null);

    const counts = await d.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    assert.deepEqual(counts, { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
    assert.equal(await page.locator('li.job').count(), 0);
    assert.deepEqual(d.pageErrors, []);
  });
});
