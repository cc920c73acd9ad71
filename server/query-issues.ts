import type { z } from 'zod';

/** A zod error as the API reports it: each problem with the field it concerns. */
export function issuesOf(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? { field: issue.keys.join(', '), message: 'unknown parameter' }
      : { field: issue.path.map(String).join('.') || '(query)', message: issue.message },
  );
}
