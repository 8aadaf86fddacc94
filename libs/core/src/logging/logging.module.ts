import {
  DynamicModule,
  Inject,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Logger } from 'pino';
import { requestLogging } from './request-logging';

export { redactUrl } from './request-logging';

export interface LoggingOptions {
  level: string;
  /** `api` or `worker`: every line says which process wrote it. */
  service: string;
  /** Append to this file instead of writing to stdout (LOG_FILE). */
  file?: string;
}

const SECRET_FIELDS = ['password', 'token', 'secret', 'refreshToken', 'accessToken'];

/** Paths whose values never reach a log line: secret fields at the top of a line or one level down. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
];

const ROOT_LOGGER = Symbol('root logger');

/**
 * Structured JSON logs (pino) with a request id on every line of a request.
 * nestjs-pino is Nest's logger, writing through the one root logger made
 * here; the request log is `requestLogging`'s, in its place.
 */
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const settings = {
      level: options.level,
      // The pid tells API processes apart (API_PROCESSES > 1).
      base: { service: options.service, pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    };
    // Synchronous appends, as pino writes to stdout: a line is in the file once logged.
    const root = options.file
      ? pino(settings, pino.destination({ dest: options.file, mkdir: true, sync: true }))
      : pino(settings);
    return {
      module: LoggingModule,
      imports: [
        // Its own request middleware is not used (no routes): `configure` below runs ours.
        LoggerModule.forRoot({ pinoHttp: { logger: root }, useExisting: true, forRoutes: [] }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: root }],
    };
  }

  constructor(@Inject(ROOT_LOGGER) private readonly root: Logger) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(requestLogging(this.root))
      .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
