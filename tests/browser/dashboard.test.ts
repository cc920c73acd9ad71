import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import type { Browser, Locator, Page } from 'playwright-core';
import { loadConfig } from '../../config/index.js';
import { retryPolicy, retrySettings } from '../../worker/article-worker.js';
import { ARTICLE_QUEUE, createArticleQueue, redisConnection, serverRedisConnection, type ArticleJobData } from '../../jobs/queue.js';
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

/** `GET /api/articles/:id`'s `result`, as the worker returns it. */
function articleResult(overrides: { title: string; needsReview: boolean; seo: number; readability: number; wordCount: number; postId: number }) {
  const failures = overrides.needsReview
    ? [
        {
          check: 'yoast',
          id: 'keyphraseDensity',
          message: 'Yoast SEO: Keyphrase density: The keyphrase was found 0 times.',
          message_fr: 'Densité de l’expression clé (SEO Yoast 64/100, objectif 90).',
        },
        {
          check: 'form',
          id: 'meta_description_length',
          message: 'The meta description has 170 characters; 120–156 are required.',
          message_fr: 'La méta-description fait 170 caractères ; il en faut entre 120 et 156.',
        },
        // A result stored before findings had French messages.
        { check: 'facts', id: 'invented_date', message: 'Dates not found in the source: 14 April.' },
      ]
    : [];
  return {
    post_id: overrides.postId,
    edit_url: `http://wordpress.test/wp-admin/post.php?post=${overrides.postId}&action=edit`,
    link: `http://wordpress.test/?p=${overrides.postId}`,
    slug: 'article',
    status: 'draft',
    title: overrides.title,
    focus_keyword: 'tramway Lyon',
    word_count: overrides.wordCount,
    clean: !overrides.needsReview,
    needs_review: overrides.needsReview,
    warnings: overrides.needsReview ? [] : ['Image not used: http://images.test/gone.jpg answered 404'],
    warnings_fr: overrides.needsReview ? [] : ['Image non utilisée : http://images.test/gone.jpg ne donne pas d’image utilisable.'],
    scores: { seo: overrides.seo, readability: overrides.readability },
    source_language: 'fr',
    calls: overrides.needsReview ? 3 : 1,
    tokens: { prompt: 4000, completion: 1500, total: 5500 },
    prompt_version: 'test',
    report: { clean: !overrides.needsReview, failures },
  };
}

type Processor = (job: Job<ArticleJobData>) => Promise<unknown>;

interface Dashboard {
  baseUrl: string;
  queue: Queue<ArticleJobData>;
  page: Page;
  /** Uncaught errors and console errors of the page, other than the API's refusals. */
  pageErrors: string[];
  enqueue(body: Record<string, unknown>): Promise<string>;
  /** A real BullMQ worker on the test's queue, closed with the test. */
  startWorker(processor: Processor, concurrency?: number): Worker<ArticleJobData>;
  waitForState(id: string, state: string): Promise<void>;
  /** The dashboard loaded and signed in with the given token. */
  signIn(token?: string): Promise<void>;
  /** Ends every dashboard session on the server's side, as an expiry would. */
  endSessions(): Promise<void>;
  card(id: string): Locator;
  /** Runs `fn` at cleanup, before whatever was started earlier is closed. */
  defer(fn: () => unknown): void;
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
    startWorker(processor, concurrency = 1) {
      const worker = new Worker<ArticleJobData>(ARTICLE_QUEUE, processor, {
        connection: redisConnection(config),
        prefix: config.queuePrefix,
        concurrency,
        settings: retrySettings(retryPolicy(config)),
      });
      cleanups.push(() => worker.close());
      return worker;
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
    defer: (fn) => cleanups.push(fn),
  };
}

/** A promise the test resolves by hand, to hold a job in `active`. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
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

  test('jobs finished by a worker show progress, then title, scores, edit link and the review badge', async (t) => {
    const d = await startDashboard(t);
    const review = await d.enqueue({ text: newsText('Le tramway T6 est prolongé'), title: 'Source à relire' });
    const clean = await d.enqueue({ text: newsText('Le métro B ouvre une station'), title: 'Source propre' });
    await d.signIn();
    await d.card(review).getByText('en attente', { exact: true }).waitFor();

    const release = gate();
    const worker = d.startWorker(async (job) => {
      await job.updateProgress({ step: 'write', percent: 35 });
      await release.opened;
      return job.id === review
        ? articleResult({ title: 'Tramway à Lyon : la ligne T6 prolongée', needsReview: true, seo: 64, readability: 90, wordCount: 1024, postId: 41 })
        : articleResult({ title: 'Métro B : une nouvelle station', needsReview: false, seo: 92, readability: 90, wordCount: 812, postId: 42 });
    });
    d.defer(release.open); // A held job would keep `worker.close()` waiting.
    await d.card(review).getByText('en cours — rédaction').waitFor();
    assert.equal(await d.card(review).locator('progress').getAttribute('value'), '35');
    release.open();

    const reviewCard = d.card(review);
    await reviewCard.getByText('terminé', { exact: true }).waitFor();
    await reviewCard.getByRole('heading', { name: 'Tramway à Lyon : la ligne T6 prolongée' }).waitFor();
    await reviewCard.getByText('à relire', { exact: true }).waitFor();
    assert.match((await reviewCard.locator('.metrics').textContent()) ?? '', /SEO 64\/100.*Lisibilité 90\/100.*1\s024 mots/);
    // Only French: the findings' French messages and check names, never the English ones.
    await reviewCard.getByText('Densité de l’expression clé (SEO Yoast 64/100, objectif 90).').waitFor();
    await reviewCard.getByText('La méta-description fait 170 caractères ; il en faut entre 120 et 156.').waitFor();
    await reviewCard.getByText('Point signalé (invented_date) : détail dans le rapport de l’article.').waitFor();
    const findings = (await reviewCard.locator('.failures').textContent()) ?? '';
    assert.match(findings, /Yoast.*forme.*faits/s);
    assert.doesNotMatch(findings, /Keyphrase|The meta description|not found|facts/);
    assert.equal(
      await reviewCard.getByRole('link', { name: 'Ouvrir le brouillon' }).getAttribute('href'),
      'http://wordpress.test/wp-admin/post.php?post=41&action=edit',
    );

    const cleanCard = d.card(clean);
    await cleanCard.getByRole('heading', { name: 'Métro B : une nouvelle station' }).waitFor();
    assert.match((await cleanCard.locator('.metrics').textContent()) ?? '', /SEO 92\/100/);
    assert.equal(await cleanCard.getByText('à relire', { exact: true }).count(), 0);
    await cleanCard.getByText('Image non utilisée : http://images.test/gone.jpg ne donne pas d’image utilisable.').waitFor();
    assert.equal(await cleanCard.getByText('Image not used', { exact: false }).count(), 0);
    assert.equal(
      await cleanCard.getByRole('link', { name: 'Ouvrir le brouillon' }).getAttribute('href'),
      'http://wordpress.test/wp-admin/post.php?post=42&action=edit',
    );
    await worker.close();
    assert.deepEqual(d.pageErrors, []);
  });

  test('a failed job shows its error and step; "Réessayer" puts it back in the queue', async (t) => {
    const d = await startDashboard(t);
    const id = await d.enqueue({ url: 'https://www.example-news.fr/economie/greve-sncf', title: 'Grève à la SNCF' });
    const worker = d.startWorker(async (job) => {
      // As Plume's worker records a failure: the step and code in the job's data, not in the message.
      const error = { name: 'PermanentError', code: 'wordpress_forbidden', message: 'WordPress refused the draft: <b>403</b> rest_cannot_create', step: 'publish', retryable: false, attempt: 1, at: new Date().toISOString() } as const;
      await job.updateData({ ...job.data, error });
      throw new UnrecoverableError(error.message);
    });
    await d.waitForState(id, 'failed');
    await worker.close(); // so that the retried job stays waiting
    await d.signIn();

    const card = d.card(id);
    await card.getByText('échec', { exact: true }).waitFor();
    await card.getByText('Échec à l’étape « publication »').waitFor();
    await card.getByText('Le compte WordPress de Plume n’a pas les droits nécessaires (rôle Éditeur ou Administrateur).').waitFor();
    // The English message only under « Détail technique », folded; shown as text, its markup not interpreted.
    const detail = card.getByText('WordPress refused the draft: <b>403</b> rest_cannot_create');
    assert.equal(await detail.isVisible(), false);
    await card.getByText('Détail technique').click();
    await detail.waitFor();
    assert.equal(await card.locator('b').count(), 0);
    await card.getByRole('link', { name: 'https://www.example-news.fr/economie/greve-sncf' }).waitFor();

    await card.getByRole('button', { name: 'Réessayer' }).click();
    await card.getByText('en attente', { exact: true }).waitFor();
    assert.equal(await card.getByRole('button', { name: 'Réessayer' }).count(), 0);
    assert.equal(await card.locator('.error-box').count(), 0);
    assert.equal(await (await d.queue.getJob(id))?.getState(), 'waiting');
    assert.deepEqual(d.pageErrors, []);
  });

  test('a dashboard with jobs in every state (screenshot in /tmp/dashboard.png)', async (t) => {
    // A long backoff keeps the retryable failure "différé" while the screenshot is taken.
    const d = await startDashboard(t, { PLUME_BACKOFF_MS: '600000' });
    const { page } = d;
    const release = gate();
    const worker = d.startWorker(async (job) => {
      const title = job.data.payload.title ?? '';
      if (title.includes('T6')) {
        return articleResult({ title: 'Tramway à Lyon : la ligne T6 prolongée jusqu’à La Doua', needsReview: true, seo: 64, readability: 60, wordCount: 1024, postId: 41 });
      }
      if (title.includes('métro')) {
        return articleResult({ title: 'Métro B : la station Saint-Genis-Laval ouvre ses portes', needsReview: false, seo: 92, readability: 90, wordCount: 812, postId: 42 });
      }
      if (title.includes('SNCF')) throw new UnrecoverableError('[publish] WordPress refused the draft (HTTP 403 rest_cannot_create)');
      if (title.includes('satellite')) {
        // As the real worker does for a retryable failure: the error is kept on the job, then thrown.
        await job.updateData({ ...job.data, error: { step: 'write', message: 'Le modèle n’a pas répondu à temps (délai de 180 s dépassé)', retryable: true, attempt: 1 } } as ArticleJobData);
        throw new Error('[write] model timeout');
      }
      await job.updateProgress({ step: 'revise', percent: 52 });
      await release.opened;
      return articleResult({ title: 'unused', needsReview: false, seo: 0, readability: 0, wordCount: 0, postId: 0 });
    });
    d.defer(release.open);

    const finished = [
      await d.enqueue({ text: newsText('Le tramway T6 est prolongé'), title: 'Lyon : le tramway T6 prolongé', category: 'Transports' }),
      await d.enqueue({ text: newsText('Une station de métro ouvre'), title: 'Une nouvelle station de métro à Saint-Genis' }),
      await d.enqueue({ url: 'https://www.example-news.fr/economie/greve-sncf', title: 'Grève à la SNCF : le trafic perturbé' }),
      await d.enqueue({ url: 'https://www.esa.int/Newsroom/satellite-launch', title: 'ESA launches a new Earth observation satellite' }),
    ];
    await Promise.all(finished.slice(0, 2).map((id) => d.waitForState(id, 'completed')));
    await d.waitForState(finished[2]!, 'failed');
    await d.waitForState(finished[3]!, 'delayed');
    const active = await d.enqueue({ text: newsText('Le conseil municipal vote le budget'), title: 'Budget 2026 : le conseil municipal vote' });
    await d.waitForState(active, 'active');
    const waiting = await d.enqueue({ url: 'https://www.example-news.fr/culture/fete-des-lumieres' });

    await d.signIn();
    await d.card(waiting).getByText('en attente', { exact: true }).waitFor();
    await d.card(active).getByText('en cours — révision').waitFor();
    await d.card(finished[3]!).getByText('différé', { exact: true }).waitFor();
    await d.card(finished[3]!).getByText('Nouvel essai automatique prévu').waitFor();
    assert.equal(await page.locator('li.job').count(), 6);
    await page.screenshot({ path: '/tmp/dashboard.png', fullPage: true });

    release.open();
    await worker.close();
    assert.deepEqual(d.pageErrors, []);
  });
});
