import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PermanentError, TransientError } from '../../errors/index.js';
import { publicMessage, toPublicError, type Disclosure } from '../../errors/public-error.js';

const deployment: Disclosure = {
  places: [
    { url: 'http://wordpress.internal:8080', label: 'WordPress' },
    { url: 'https://news.example.fr/blog', label: 'WordPress' },
    { url: 'http://ollama:11434/v1', label: 'model endpoint' },
  ],
  secrets: [
    { value: 'redac-chef', label: 'WP_USERNAME' },
    { value: 'abcd efgh ijkl mnop', label: 'WP_APP_PASSWORD' },
    { value: 'sk-live-123456', label: 'OPENAI_API_KEY' },
  ],
  ownUrls: ['https://www.source.fr/monde/article-1', undefined],
};

test('internal addresses, host names and user names are replaced by what they are', () => {
  const cases: Array<[string, string]> = [
    [
      'wordpress.createPost: WordPress refused the Application Password (HTTP 401 rest_not_logged_in: x). Check WP_USERNAME (redac-chef) and WP_APP_PASSWORD',
      'wordpress.createPost: WordPress refused the Application Password (HTTP 401 rest_not_logged_in: x). Check WP_USERNAME ([WP_USERNAME]) and WP_APP_PASSWORD',
    ],
    ['cannot reach WordPress at WP_URL=http://wordpress.internal:8080 (ENOTFOUND: getaddrinfo ENOTFOUND wordpress.internal)', 'cannot reach WordPress at WP_URL=[WordPress] (ENOTFOUND: getaddrinfo ENOTFOUND [WordPress])'],
    ['WordPress at https://news.example.fr/blog did not answer (ECONNREFUSED: connect ECONNREFUSED 10.1.2.3:443)', 'WordPress at [WordPress] did not answer (ECONNREFUSED: connect ECONNREFUSED [internal address])'],
    ['redirects to https://sso.corp.example/login?next=/wp-admin; set WP_URL', 'redirects to [internal address]; set WP_URL'],
    ['The model endpoint could not be reached (OPENAI_BASE_URL): connect ECONNREFUSED ollama:11434', 'The model endpoint could not be reached (OPENAI_BASE_URL): connect ECONNREFUSED [model endpoint]'],
    ['connect ECONNREFUSED [fd00::12]:8080 then ::1 and 192.168.1.20.', 'connect ECONNREFUSED [internal address] then [internal address] and [internal address].'],
    ['WordPress user redac-chef (WP_USERNAME) may not do this', 'WordPress user [WP_USERNAME] (WP_USERNAME) may not do this'],
    ['auth abcd efgh ijkl mnop with key sk-live-123456', 'auth [WP_APP_PASSWORD] with key [OPENAI_API_KEY]'],
  ];
  for (const [given, shown] of cases) assert.equal(publicMessage(given, deployment), shown);
});

test('the job’s own addresses and ordinary text stay as they are', () => {
  for (const text of [
    'The page at https://www.source.fr/monde/article-1 answered 404: check the address',
    'Le modèle n’a pas répondu à temps (délai de 180 s dépassé) à 12:30:45, version 1.2.3',
    'WordPress rejected post 12 (HTTP 400 rest_invalid_param: redac-chefs are not redac-chef-adjoint)',
  ]) {
    assert.equal(publicMessage(text, deployment), text);
  }
});

test('a PlumeError keeps its step, input and verdict; the input is redacted as well', () => {
  const error = new PermanentError('WordPress refused http://wordpress.internal:8080/?rest_route=/wp/v2/posts', {
    code: 'wordpress_rejected',
    params: { status: 400 },
    step: 'wordpress.createPost',
    input: 'http://wordpress.internal:8080/?rest_route=/wp/v2/posts',
  });
  assert.deepEqual(toPublicError(error, deployment), {
    name: 'PermanentError',
    code: 'wordpress_rejected',
    params: { status: 400 },
    message: 'WordPress refused [WordPress]',
    step: 'wordpress.createPost',
    input: '[WordPress]',
    retryable: false,
  });
  assert.equal(toPublicError(new TransientError('busy', { code: 'model_unavailable', step: 'write' }), deployment).retryable, true);
});

test('the job’s own address stays whole when WordPress runs on the same host', () => {
  const sameHost: Disclosure = { places: [{ url: 'http://127.0.0.1:8088', label: 'WordPress' }], ownUrls: ['http://127.0.0.1:41607/deep.html'] };
  assert.equal(
    publicMessage('The page at http://127.0.0.1:41607/deep.html is too deep; WordPress at http://127.0.0.1:8088 is fine.', sameHost),
    'The page at http://127.0.0.1:41607/deep.html is too deep; WordPress at [WordPress] is fine.',
  );
});
