import type { FastifyReply } from 'fastify';
import { requestError, type ErrorParams, type FieldErrorCode } from '../errors/codes.js';

export interface InputIssue {
  field: string;
  code: FieldErrorCode;
  message: string;
  params?: ErrorParams | undefined;
}

/** A 400 answer: `validation_failed` with every issue, each naming its field and its stable code. */
export function badRequest(reply: FastifyReply, issues: readonly InputIssue[]) {
  return reply.status(400).send({ ...requestError('validation_failed', { count: issues.length }), issues });
}
