import { requestError } from '../errors/codes.js';
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import { parseArticlePayload, sourceLimitIssues, type FieldIssue } from '../jobs/article/payload.js';
import { enqueueArticle, type ArticleJobData } from '../jobs/queue.js';
import { BatchError, batchItems, type BatchFormat } from './batch-items.js';

/** Media types of a batch body besides `application/json` (an array). */
const TEXT_FORMATS: Record<string, BatchFormat> = {
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'text/csv': 'csv',
};

export type BatchLine =
  | { line: number; status: 'queued' | 'duplicate'; id: string; status_url: string }
  | { line: number; status: 'refused'; error: string; issues: FieldIssue[] };

function refused(line: number, issues: FieldIssue[]): BatchLine {
  return { line, status: 'refused', error: issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues };
}

/**
 * `POST /articles/batch` (registered behind authentication): each item is checked and queued on
 * its own, in order, so a bad line refuses only itself. Queueing is idempotent (the job id is the
 * source key), so a batch cut short by an outage can be sent again whole.
 */
export async function articleBatchRoutes(api: FastifyInstance, options: { queue: Queue<ArticleJobData> }): Promise<void> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  api.addContentTypeParser(Object.keys(TEXT_FORMATS), { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, utf8.decode(body as Buffer));
    } catch {
      done(Object.assign(new Error('expected a body in UTF-8: it holds bytes that are not valid UTF-8'), { statusCode: 400 }), undefined);
    }
  });

  api.post('/articles/batch', async (request, reply) => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    let items;
    try {
      items = batchItems(request.body, TEXT_FORMATS[type] ?? 'json');
    } catch (error) {
      if (!(error instanceof BatchError)) throw error;
      // `batch_invalid` says the whole batch was refused; the issue's code says why.
      return reply.status(400).send({ ...requestError('batch_invalid', { reason: error.message }), issues: [{ field: '(body)', ...error.problem }] });
    }
    const results: BatchLine[] = [];
    for (const item of items) {
      if ('problem' in item) {
        results.push(refused(item.line, [{ field: '(line)', ...item.problem }]));
        continue;
      }
      const parsed = parseArticlePayload(item.value);
      const issues = parsed.ok ? await sourceLimitIssues(parsed.payload) : parsed.issues;
      if (!parsed.ok || issues.length > 0) {
        results.push(refused(item.line, issues));
        continue;
      }
      const { id, duplicate } = await enqueueArticle(options.queue, parsed.payload);
      results.push({ line: item.line, status: duplicate ? 'duplicate' : 'queued', id, status_url: `/api/articles/${id}` });
    }
    const count = (status: BatchLine['status']) => results.filter((r) => r.status === status).length;
    return { results, queued: count('queued'), duplicate: count('duplicate'), refused: count('refused') };
  });
}
