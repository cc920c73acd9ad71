import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * An `onSend` hook for the routes the dashboard polls: each answer gets an ETag (a hash of its
 * body), and a poll whose `If-None-Match` names the current one gets an empty 304, which the page
 * skips without parsing or re-rendering anything.
 */
export async function notModified(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
  const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
  // `private, no-cache`: a shared cache never keeps one editor's list, and every poll asks the server.
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (request.headers['if-none-match'] !== etag) return payload;
  reply.code(304).removeHeader('content-type').removeHeader('content-length');
  return '';
}
