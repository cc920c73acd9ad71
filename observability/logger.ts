import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout (one line an event), with secrets redacted wherever they appear: the
 * API token, dashboard session cookies and CSRF values as well as the services' credentials.
 */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: [
          '*.apiKey',
          '*.appPassword',
          '*.apiToken',
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
