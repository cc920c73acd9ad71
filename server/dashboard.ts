import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Read next to this module, so that the same code finds them under `server/` (tsx) and under
 * `dist/server/` once the build has copied `server/dashboard/` there.
 */
const ASSETS_DIR = new URL('./dashboard/', import.meta.url);

const ASSETS = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'feeds.js': 'text/javascript; charset=utf-8',
  'codes.fr.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'job.html': 'text/html; charset=utf-8',
  'job.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'batch.js': 'text/javascript; charset=utf-8',
  'list.js': 'text/javascript; charset=utf-8',
  'review.css': 'text/css; charset=utf-8',
  'tools.css': 'text/css; charset=utf-8',
} as const;

// The page only ever talks to its own origin; this keeps injected markup inert should a
// rendering bug ever let data through as HTML.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

async function loadAssets(): Promise<Record<keyof typeof ASSETS, Buffer>> {
  const entries = await Promise.all(
    (Object.keys(ASSETS) as Array<keyof typeof ASSETS>).map(async (name) => {
      try {
        return [name, await readFile(new URL(name, ASSETS_DIR))] as const;
      } catch (error) {
        throw new Error(
          `dashboard asset missing: ${fileURLToPath(new URL(name, ASSETS_DIR))} (the build must copy server/dashboard/ next to the compiled server/dashboard.js): ${(error as Error).message}`,
        );
      }
    }),
  );
  return Object.fromEntries(entries) as Record<keyof typeof ASSETS, Buffer>;
}

/**
 * The editors' dashboard: static files, without auth (the page signs in with the API token at
 * `POST /api/session` and then works with the session cookie). Read once at start so a missing
 * copy fails the start rather than the first editor.
 */
export async function registerDashboard(app: FastifyInstance): Promise<void> {
  const assets = await loadAssets();
  const send = (name: keyof typeof ASSETS) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .header('content-type', ASSETS[name])
      // Revalidated on every load: a deploy is seen at once, and the files are small.
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .send(assets[name]);

  app.get('/', send('index.html'));
  // The job page: `/job?id=<job id>`.
  app.get('/job', send('job.html'));
  for (const name of Object.keys(ASSETS) as Array<keyof typeof ASSETS>) {
    if (!name.endsWith('.html')) app.get(`/dashboard/${name}`, send(name));
  }
}
