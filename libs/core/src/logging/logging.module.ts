import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { Options } from 'pino-http';

export interface LoggingOptions {
  level: string;
  /** `api` or `worker`: every line says which process wrote it. */
  service: string;
  /** Append to this file instead of writing to stdout (LOG_FILE). */
  file?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.refreshToken',
  '*.accessToken',
];

/**
 * Addresses that carry a credential in their path: a calendar feed's token
 * (calendar applications cannot send a header). The request log shows them
 * with the path after the prefix replaced.
 */
const SECRET_PATH_PREFIXES = ['/calendar/'];

/** A request URL as the log may show it. */
export function redactUrl(url: string): string {
  const prefix = SECRET_PATH_PREFIXES.find((candidate) => url.startsWith(candidate));
  return prefix ? `${prefix}[redacted]` : url;
}

/** Structured JSON logs (pino) with a request id on every line of a request. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const httpOptions: Options = {
      level: options.level,
      // The pid tells API processes apart (API_PROCESSES > 1).
      base: { service: options.service, pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // A caller's id is kept when it looks like one, so a ministry system can trace its calls.
      genReqId: (req: IncomingMessage, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
    };
    // Synchronous appends, as pino writes to stdout: a line is in the file once logged.
    const destination = options.file
      ? pino.destination({ dest: options.file, mkdir: true, sync: true })
      : undefined;
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: destination ? [httpOptions, destination] : httpOptions,
        }),
      ],
    };
  }
}
