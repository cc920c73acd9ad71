/**
 * The parts the throughput benchmark assembles: Plume's built worker as a real child process
 * (as `npm run worker` / `npm start` run it), a bare BullMQ pipeline in this process (the same model
 * call and the same WordPress post, no cleaning, checks or read-back) for the ratios, items to
 * enqueue, and the corpus of faithful answers.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Queue, Worker } from 'bullmq';
import { createChatClient } from '../clients/model/chat-client.js';
import { createWordPressClient } from '../clients/wordpress/index.js';
import { loadConfig, type Config } from '../config/index.js';
import { articleSchema, articleJsonSchema, type Article } from '../jobs/article/contract.js';
import { writeMessages } from '../jobs/article/prompt.js';
import { createArticleQueue, enqueueArticle, redisConnection, type ArticleJobData } from '../jobs/queue.js';
import type { ArticlePayload } from '../jobs/article/payload.js';
import { sourceKey } from '../jobs/article/source-key.js';
import { draftFields } from '../jobs/article/steps/publish.js';
import type { RecordedRequest, ScriptStep } from '../tests/helpers/scripted-model.js';
import { freePort } from '../tests/helpers/free-port.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What the issue asks, e.g. `≤ 1.5`; empty for a figure given for information. */
  target: string;
  met: boolean | null;
}

export interface Services {
  redisUrl: string;
  wordpress: { url: string; username: string; appPassword: string };
}

export interface CorpusItem {
  id: string;
  source: string;
  answer: Article;
}

const fixtures = new URL('../tests/fixtures/', import.meta.url);

/**
 * The faithful answers: the Lavrov fixture, and every `<id>.answer.json` beside its `<id>.<lang>.txt`
 * in tests/fixtures/corpus (BENCH_CORPUS names another folder).
 */
export function loadCorpus(): CorpusItem[] {
  const items: CorpusItem[] = [
    {
      id: 'lavrov-pyongyang',
      source: readFileSync(new URL('lavrov-pyongyang.fr.txt', fixtures), 'utf8'),
      answer: articleSchema.parse(JSON.parse(readFileSync(new URL('lavrov-pyongyang.revised.json', fixtures), 'utf8'))),
    },
  ];
  const dir = process.env.BENCH_CORPUS ?? new URL('corpus/', fixtures).pathname;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return items;
  }
  for (const name of names.filter((n) => n.endsWith('.answer.json')).sort()) {
    const id = name.slice(0, -'.answer.json'.length);
    const sourceName = names.find((n) => n.startsWith(`${id}.`) && n.endsWith('.txt'));
    if (!sourceName) continue;
    items.push({
      id,
      source: readFileSync(`${dir}/${sourceName}`, 'utf8'),
      answer: articleSchema.parse(JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'))),
    });
  }
  return items;
}

/** The model's answer for a request: the corpus item whose id the prompt carries (as the item's title). */
export function answerFor(corpus: readonly CorpusItem[]): (body: RecordedRequest['body']) => ScriptStep {
  return (body) => {
    const prompt = (body.messages ?? []).map((m) => m.content).join('\n');
    const item = corpus.find((c) => prompt.includes(`[${c.id}]`)) ?? corpus[0]!;
    return { answer: item.answer, usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: 1_800 } };
  };
}

/** `count` distinct items (distinct text, so distinct source keys), cycling through the corpus. */
export function items(corpus: readonly CorpusItem[], count: number, run: string): ArticlePayload[] {
  return Array.from({ length: count }, (_, i) => {
    const item = corpus[i % corpus.length]!;
    return { text: `${item.source}\n\nRéf. ${run}-${i}`, title: `[${item.id}] ${run}-${i}` } as ArticlePayload;
  });
}


/** A fresh random token per run: the server refuses short or patterned ones. */
export const API_TOKEN = randomBytes(32).toString('hex');

export function plumeEnv(services: Services, modelURL: string, prefix: string, concurrency: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: services.redisUrl,
    PLUME_QUEUE_PREFIX: prefix,
    OPENAI_API_KEY: 'bench',
    OPENAI_BASE_URL: modelURL,
    OPENAI_MAX_TOKENS: '4000',
    WP_URL: services.wordpress.url,
    WP_USERNAME: services.wordpress.username,
    WP_APP_PASSWORD: services.wordpress.appPassword,
    PLUME_ALLOW_PRIVATE_URLS: 'true',
    PLUME_CONCURRENCY: String(concurrency),
    PLUME_API_TOKEN: API_TOKEN,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The scripted model answers chat completions only: no start-up probe of GET /models (main's preflight).
    PLUME_MODEL_PROBE: 'false',
    ...extra,
  };
}

export interface PlumeProcess {
  child: ChildProcess;
  /** CPU seconds (user + system, every thread) the process has used so far. */
  cpuSeconds(): number;
  /** Peak resident memory so far (VmHWM), MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** Compiles Plume as `npm run build` does, so the worker runs as in production (no TypeScript loader). */
export function buildPlume(): void {
  execFileSync('npm', ['run', 'build'], { cwd: new URL('..', import.meta.url).pathname, stdio: 'ignore' });
}

/** Starts the built worker (with `--with-server` when asked) and waits for its "Plume started" line. */
export async function startPlumeProcess(env: Record<string, string>, withServer = false): Promise<PlumeProcess> {
  const entry = new URL('../dist/worker/main.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [entry, ...(withServer ? ['--with-server'] : [])], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Plume started')) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`Plume exited (${code}) before starting:\n${log.slice(-2000)}`)));
  });
  // Keep reading so the pipe never blocks the child.
  child.stdout!.resume();
  const stat = () => readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // Fields 14 and 15 of /proc/<pid>/stat (here 11 and 12 after the command name), in clock ticks of 1/100 s.
  const cpuSeconds = () => (Number(stat()[11]) + Number(stat()[12])) / 100;
  // The check threads load Yoast after "Plume started": wait until the process is idle, so the
  // CPU per article counts the articles, not the start (at most 15 s).
  for (let last = cpuSeconds(), waited = 0; waited < 15_000; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = cpuSeconds();
    if (now - last < 0.03) break;
    last = now;
  }
  return {
    child,
    cpuSeconds,
    peakRssMiB: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The config the bench's own queue handle needs (same variables as the child). */
export function benchConfig(env: Record<string, string>): Config {
  return loadConfig(env, ['worker', 'server']);
}

/** Enqueues the items and waits until every one is completed or failed; wall-clock seconds. */
export async function runThrough(config: Config, payloads: readonly ArticlePayload[]): Promise<{ seconds: number; completed: number; failed: number; calls: number[]; tokens: number[] }> {
  const queue = createArticleQueue(config);
  const started = performance.now();
  try {
    for (const payload of payloads) await enqueueArticle(queue, payload);
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed');
      if ((counts.completed ?? 0) + (counts.failed ?? 0) >= payloads.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const done = await queue.getJobs(['completed'], 0, -1);
    const failed = await queue.getJobs(['failed'], 0, -1);
    if (failed.length > 0) console.warn(`  ${failed.length} failed, e.g.: ${failed[0]!.failedReason}`);
    return {
      seconds,
      completed: done.length,
      failed: failed.length,
      calls: done.map((job) => (job.returnvalue as { calls: number }).calls),
      tokens: done.map((job) => (job.returnvalue as { tokens: { total: number } }).tokens.total),
    };
  } finally {
    await queue.close();
  }
}

/**
 * The bare pipeline: a BullMQ worker making the same model call (same prompt, same client) and
 * the same WordPress post (the companion plugin's draft route Plume saves through, with the same
 * fields and SEO meta), and nothing else: no cleaning, checks, related posts, terms or read-back.
 * Seconds to run `payloads` at `concurrency`.
 */
export async function runBare(services: Services, modelURL: string, prefix: string, concurrency: number, payloads: readonly ArticlePayload[]): Promise<number> {
  const connection = redisConnection({ redisUrl: services.redisUrl });
  const chat = createChatClient({ apiKey: 'bench', baseURL: modelURL, model: 'bench', timeoutMs: 180_000, maxRetries: 2, maxTokens: 4_000 });
  const wordpress = createWordPressClient({ ...services.wordpress, timeoutMs: 30_000, allowPrivateImageHosts: true });
  const queue = new Queue<{ text: string; title: string }>('bare', { connection, prefix });
  let done = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker<{ text: string; title: string }>(
    'bare',
    async (job) => {
      const answer = await chat.completeJson({
        step: 'write',
        messages: writeMessages({ text: job.data.text, language: 'fr', title: job.data.title, focusKeyword: undefined }),
        schemaName: 'article',
        schema: articleJsonSchema,
      });
      const article = JSON.parse(answer.content) as Article;
      const content = article.sections.map((s) => `<h2>${s.heading}</h2>${s.paragraphs.map((p) => `<p>${p}</p>`).join('')}`).join('');
      const key = sourceKey({ text: job.data.text });
      await wordpress.posts.saveDraft(
        key,
        draftFields({ article, content: `<p>${article.lead}</p>${content}`, sourceKey: key, categories: [], tags: [], featuredMedia: undefined, report: '{}' }),
      );
    },
    { connection, prefix, concurrency },
  );
  const count = () => {
    if (++done === payloads.length) finish();
  };
  worker.on('completed', count);
  worker.on('failed', (job, error) => {
    console.warn(`  bare job failed: ${error.message}`);
    count();
  });
  const started = performance.now();
  await queue.addBulk(payloads.map((p, i) => ({ name: 'bare', data: { text: p.text ?? '', title: p.title ?? `bare ${i}` } })));
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.close();
  return seconds;
}

/** The p-th percentile (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

export { freePort };
