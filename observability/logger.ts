import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout (one line an event), with secrets redacted wherever they appear. */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['*.apiKey', '*.appPassword', '*.apiToken', 'req.headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
