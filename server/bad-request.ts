import type { FastifyReply } from 'fastify';

export interface InputIssue {
  field: string;
  message: string;
}

/** A 400 answer: every issue, each naming its field, and one line joining them for humans. */
export function badRequest(reply: FastifyReply, issues: readonly InputIssue[]) {
  return reply.status(400).send({ error: issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues });
}
