import type { z } from 'zod';
import { issueCode } from '../jobs/article/payload.js';
import type { InputIssue } from './bad-request.js';

/** A zod error as the API reports it: each problem with the field it concerns and its stable code. */
export function issuesOf(error: z.ZodError, where = '(query)'): InputIssue[] {
  return error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? { field: issue.keys.join(', '), code: 'field_unknown', message: 'unknown parameter', params: { expected: 'the documented parameters' } }
      : { field: issue.path.map(String).join('.') || where, ...issueCode(issue), message: issue.message },
  );
}
