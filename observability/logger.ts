import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * An axios error as logs show it: what was asked and how it ended. Its `config` (the `auth`
 * pair, the Authorization header), `request` (the raw header text with Basic credentials) and
 * `response` are left out, since each holds the WordPress Application Password.
 */
function axiosErrorSummary(error: Record<string, unknown>): Record<string, unknown> {
  const config = (error['config'] ?? {}) as { method?: unknown; url?: unknown; baseURL?: unknown };
  const response = error['response'] as { status?: unknown } | undefined;
  return {
    type: 'AxiosError',
    message: error['message'],
    code: error['code'],
    status: response?.status,
    method: typeof config.method === 'string' ? config.method.toUpperCase() : undefined,
    url: withoutCredentials(typeof config.url === 'string' && config.url !== '' ? config.url : config.baseURL),
    stack: error['stack'],
  };
}

function withoutCredentials(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

/** pino's error serializer, except for axios errors, which keep no credentials. */
function errorSerializer(error: unknown): unknown {
  if (typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true) {
    return axiosErrorSummary(error as Record<string, unknown>);
  }
  return stdSerializers.err(error as Error);
}

/**
 * JSON logs on stdout (one line an event), with secrets redacted wherever they appear: the
 * API token, dashboard session cookies and CSRF values as well as the services' credentials.
 */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      serializers: { err: errorSerializer, error: errorSerializer, cause: errorSerializer },
      redact: {
        paths: [
          '*.apiKey',
          '*._options.apiKey',
          '*.appPassword',
          '*.apiToken',
          '*.auth',
          '*.config.auth',
          '*.config.headers.Authorization',
          '*.config.headers.authorization',
          '*.headers.Authorization',
          '*.headers.authorization',
          '*.headers.cookie',
          '*.headers["set-cookie"]',
          '*.headers["x-plume-csrf"]',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
