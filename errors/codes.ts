/**
 * Every error code Plume can show, in one table (after Fastify's `lib/errors.js`): the code is
 * the contract with API clients and the dashboard, which translates codes, never messages. A code
 * is never renamed or reused for another meaning; its English template, with `{param}` taken from
 * the error's `params`, is what the README and the OpenAPI document show.
 *
 * - `job`: a failed job's `error.code` (thrown as a PlumeError); `retryable` is the verdict.
 * - `request`: an API answer `{code, message, params?}` with its HTTP `status`.
 * - `field`: one issue of a 400 answer's `issues` list, `{field, code, message, params?}`.
 * Check findings carry their own codes: the keys of `jobs/article/checks/labels.fr.ts` (kept
 * there, so that this module, at the bottom of the layers, imports nothing).
 */

interface JobCode {
  kind: 'job';
  retryable: boolean;
  message: string;
}
interface RequestCode {
  kind: 'request';
  status: number;
  message: string;
}
interface FieldCode {
  kind: 'field';
  message: string;
}
export type CodeSpec = JobCode | RequestCode | FieldCode;

const job = (retryable: boolean, message: string): JobCode => ({ kind: 'job', retryable, message });
const request = (status: number, message: string): RequestCode => ({ kind: 'request', status, message });
const field = (message: string): FieldCode => ({ kind: 'field', message });

export const ERROR_CODES = {
  // Cleaning the source
  source_missing: job(false, 'The news item has neither text nor HTML'),
  source_too_short: job(false, 'The cleaned source has {words} words, fewer than {min}'),
  source_no_article: job(false, 'The page has no article body to extract'),
  source_html_too_complex: job(false, 'The HTML cannot be cleaned: {limit}'),
  source_processing_limit: job(false, 'Processing the source exceeded a limit ({limit}) and was stopped'),
  source_url_refused: job(false, 'Refused to fetch {url}: internal address'),
  source_unreadable: job(false, 'The page at the URL is too large or unreadable'),
  source_fetch_failed: job(true, 'Could not fetch the page at the URL'),
  source_http_unavailable: job(true, 'The page at the URL answered HTTP {status}'),
  source_http_refused: job(false, 'The page at the URL answered HTTP {status}'),
  source_not_html: job(false, 'The page at the URL is not HTML ({content_type})'),
  thread_start_timeout: job(true, 'No thread could start the work in time'),
  // The model
  model_aborted: job(true, 'The model call was aborted before its answer'),
  model_timeout: job(true, 'The model endpoint did not answer in time (OPENAI_TIMEOUT_MS)'),
  model_unreachable: job(true, 'The model endpoint could not be reached (OPENAI_BASE_URL)'),
  model_rate_limited: job(true, 'The model endpoint is rate limiting; retry in {seconds} s'),
  model_auth_refused: job(false, 'The model endpoint refused the API key (OPENAI_API_KEY)'),
  model_unknown: job(false, 'The model endpoint does not know model "{model}" (OPENAI_MODEL)'),
  model_unavailable: job(true, 'The model endpoint failed (HTTP {status})'),
  model_request_rejected: job(false, 'The model endpoint rejected the request (HTTP {status})'),
  model_call_failed: job(true, 'The model call failed'),
  model_no_usable_answer: job(false, 'The model gave no usable article in {calls} call(s)'),
  // WordPress
  wordpress_url_invalid: job(false, 'WP_URL is not the http(s) address of a WordPress site'),
  wordpress_not_json: job(false, 'WordPress answered something other than JSON (HTTP {status})'),
  wordpress_answer_invalid: job(false, 'WordPress’s answer to {route} lacks what Plume reads: {field}'),
  wordpress_not_found: job(false, 'WordPress cannot be reached at WP_URL ({reason})'),
  wordpress_unreachable: job(true, 'WordPress did not answer ({reason})'),
  wordpress_redirect: job(false, 'WP_URL redirects: set it to the site’s final address'),
  wordpress_auth_refused: job(false, 'WordPress refused the Application Password (WP_USERNAME, WP_APP_PASSWORD)'),
  wordpress_forbidden: job(false, 'The WordPress user may not do this: give it the Editor or Administrator role'),
  wordpress_unavailable: job(true, 'WordPress failed (HTTP {status})'),
  wordpress_rejected: job(false, 'WordPress rejected the request (HTTP {status} {wp_code})'),
  wordpress_capabilities_missing: job(false, 'The WordPress user lacks the capabilities {missing}'),
  wordpress_plugin_missing: job(false, 'The Plume companion plugin is missing'),
  wordpress_plugin_outdated: job(false, 'The Plume companion plugin is version {version}; {required} or later is needed'),
  wordpress_meta_unregistered: job(false, 'The Plume companion plugin does not register {missing}'),
  // Publishing
  publish_conflict: job(false, 'Another post holds this source: {post}'),
  publish_wrong_author: job(false, 'WordPress saved post {post} as another user than Plume’s'),
  publish_fields_lost: job(false, 'WordPress did not store {fields} of post {post}'),
  // The image
  image_url_invalid: job(false, 'The image address is not an http(s) URL'),
  image_url_refused: job(false, 'Refused to fetch the image: internal address'),
  image_not_image: job(false, 'The image URL is not an image ({content_type})'),
  image_empty: job(false, 'The image is empty'),
  image_too_large: job(false, 'The image is larger than {max_bytes} bytes'),
  image_host_not_found: job(false, 'The image host cannot be reached'),
  image_download_failed: job(true, 'Downloading the image failed ({reason})'),
  image_http_unavailable: job(true, 'The image answered HTTP {status}'),
  image_http_refused: job(false, 'The image answered HTTP {status}'),
  image_not_image_bytes: job(false, 'The image URL does not hold an image: its bytes are {detected}'),
  image_timeout: job(true, 'The image did not answer within {ms} ms (PLUME_IMAGE_TIMEOUT_MS)'),
  // Sites, authors and start-up
  site_unknown: job(false, 'Site "{site}" is not configured in this worker'),
  site_unusable: job(false, 'Site "{site}" cannot take jobs'),
  site_unavailable: job(true, 'Site "{site}" does not answer yet'),
  author_unknown: job(false, 'Author "{author}" is not a user of the site'),
  author_cannot_write: job(false, 'Author "{author}" may not write posts on the site'),
  dependency_missing: job(false, 'Start-up stopped: {missing} missing'),
  redis_auth_refused: job(false, 'Redis refused the credentials in REDIS_URL'),
  redis_unreachable: job(true, 'Redis does not answer'),
  model_probe_failed: job(true, 'The model endpoint does not answer GET /models'),
  // Feeds
  feed_url_refused: job(false, 'Refused to fetch the feed: internal address'),
  feed_unreadable: job(false, 'The feed is too large or unreadable'),
  feed_fetch_failed: job(true, 'Could not fetch the feed ({reason})'),
  feed_http_unavailable: job(true, 'The feed answered HTTP {status}'),
  feed_http_refused: job(false, 'The feed answered HTTP {status}'),
  // Anything else a worker met
  unexpected_error: job(true, 'Unexpected error'),

  // Requests
  validation_failed: request(400, 'The request has {count} invalid field(s): see issues'),
  body_not_utf8: request(400, 'Expected a JSON body in UTF-8: the body holds bytes that are not valid UTF-8'),
  body_invalid: request(400, 'The body is not valid JSON'),
  unsupported_media_type: request(415, 'Expected a JSON body (Content-Type: application/json)'),
  body_too_large: request(413, 'Request body too large'),
  auth_required: request(401, 'Missing or wrong credentials (Authorization: Bearer <PLUME_API_TOKEN>, or sign in to the dashboard)'),
  auth_rate_limited: request(429, 'Too many failed authentications from this address; retry in {seconds} s'),
  csrf_invalid: request(403, 'Missing or wrong X-Plume-CSRF header: send the value returned at sign-in'),
  job_not_found: request(404, 'No article job with id "{id}"'),
  job_not_failed: request(409, 'Job "{id}" is {state}; only failed jobs can be retried'),
  redis_unavailable: request(
    503,
    'Redis is unreachable; nothing was done unless the id comes back. Try again shortly: the same source is always the same job, so a retry never makes a second one.',
  ),
  internal_error: request(500, 'Internal error'),
  job_not_removable: request(409, 'Job "{id}" is {state}; only waiting or failed jobs can be removed'),
  batch_invalid: request(400, 'The batch cannot be read: {reason}'),
  feed_not_found: request(404, 'No feed with id "{id}"'),
  feed_not_a_feed: request(422, 'The address is not an RSS or Atom feed; found {found}'),

  // Fields of a request
  field_required: field('One of text, html or url is required'),
  field_conflict: field('Give text or html, not both'),
  field_unknown: field('Unknown field (expected {expected})'),
  field_type: field('Expected {expected}'),
  field_too_short: field('Expected at least {min} characters'),
  field_too_long: field('Expected at most {max} characters'),
  field_too_many: field('Expected at most {max} items'),
  field_too_many_words: field('Expected a short keyphrase (at most {max} words)'),
  field_invalid_text: field('Expected valid UTF-8 text without NUL characters or U+FFFD replacement characters'),
  field_not_one_line: field('Expected a single line, without newlines, tabs or other control characters'),
  field_invalid_url: field('Expected an http(s) URL'),
  field_invalid_language: field('Expected a two-letter ISO 639-1 code such as "fr" or "en"'),
  field_empty_name: field('Expected non-empty names'),
  field_name_markup: field('Expected a plain name, without HTML (no < or > and no &…; entities)'),
  field_name_no_letter: field('Expected a name with at least one letter or digit'),
  field_html_too_complex: field('The HTML is over a limit: {limit}'),
  field_invalid_value: field('Expected one of {expected}'),
  field_unknown_site: field('Unknown site "{site}" ({known})'),
  field_invalid_cursor: field('Expected the next_cursor of a previous page'),
  field_not_a_feed: field('Not an RSS or Atom feed: {found}'),
  line_invalid: field('The line cannot be read: {reason}'),
  // Why a batch, or one of its lines, cannot be read (the issue under `batch_invalid`, or a refused line's)
  batch_empty: field('The batch holds no item'),
  batch_too_many: field('The batch holds {count} items; at most {max} are accepted'),
  batch_not_array: field('Expected a JSON array of items'),
  batch_not_text: field('Expected a text body (JSON Lines or CSV)'),
  batch_csv_unreadable: field('Not readable as CSV: {reason}'),
  batch_csv_columns: field('Unknown CSV column {unknown} (expected some of {expected})'),
  line_not_json: field('Not a JSON object on one line'),
  line_cell_count: field('Expected {expected} cells as in the header, found {found}'),
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type JobErrorCode = { [K in ErrorCode]: (typeof ERROR_CODES)[K]['kind'] extends 'job' ? K : never }[ErrorCode];
export type RequestErrorCode = { [K in ErrorCode]: (typeof ERROR_CODES)[K]['kind'] extends 'request' ? K : never }[ErrorCode];
export type FieldErrorCode = { [K in ErrorCode]: (typeof ERROR_CODES)[K]['kind'] extends 'field' ? K : never }[ErrorCode];

/** Values that complete a code's template: numbers, names, lists; never a secret (they are shown as they are). */
export type ErrorParams = Readonly<Record<string, string | number>>;

export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
export const isJobErrorCode = (code: unknown): code is JobErrorCode => isErrorCode(code) && ERROR_CODES[code].kind === 'job';

/** The code's English template with its params filled in; a param the error lacks stays `{name}`. */
export function formatCode(code: ErrorCode, params: ErrorParams = {}): string {
  return ERROR_CODES[code].message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** An API answer for a request code: `{code, message, params?}`. */
export function requestError(code: RequestErrorCode, params?: ErrorParams): { code: RequestErrorCode; message: string; params?: ErrorParams } {
  return { code, message: formatCode(code, params), ...(params === undefined ? {} : { params }) };
}
