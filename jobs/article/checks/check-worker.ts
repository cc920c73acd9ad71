import { checkArticle, type CheckArticleInput, type CheckReport } from './check-article.js';

/** The task each thread of the check pool runs: the same pure function, off the main thread. */
export default function runCheck(input: CheckArticleInput): CheckReport {
  return checkArticle(input);
}
