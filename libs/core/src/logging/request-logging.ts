import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

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

/** What every line of a request says about it. */
export interface RequestLine {
  id: string;
  method?: string;
  url: string;
}

/**
 * The logger of one request, as nestjs-pino's `Logger` reads it from its
 * async-local store: made when the request first logs a line, so a request
 * that logs nothing of its own costs no child logger.
 */
class RequestLogStore {
  private child?: Logger;

  constructor(
    private readonly root: Logger,
    private readonly line: RequestLine,
  ) {}

  get logger(): Logger {
    return (this.child ??= this.root.child({ req: this.line }));
  }

  /** `PinoLogger.assign` replaces it with a child carrying more fields. */
  set logger(logger: Logger) {
    this.child = logger;
  }
}

type Request = IncomingMessage & { originalUrl?: string };

/**
 * The request log: an id for every request (the caller's `x-request-id` when
 * well formed, else a UUID; echoed in the response and kept as `req.id` for
 * the audit log), every line logged while it runs carries it, and one line
 * when it ends — `request completed`, `request errored` (5xx) or
 * `request aborted` (the connection closed before the answer was sent).
 * Health checks are not logged.
 *
 * It does what pino-http did here, without its per-request child loggers and
 * listeners: at 1,000 requests a second those were a third of what the api
 * kept alive long enough to reach the old generation (docs/benchmarks.md).
 */
export function requestLogging(root: Logger) {
  return function logRequest(req: Request, res: ServerResponse, next: () => void): void {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    (req as { id?: unknown }).id = id;
    res.setHeader('x-request-id', id);
    const url = req.originalUrl ?? req.url ?? '';
    const line: RequestLine = { id, method: req.method, url: redactUrl(url) };
    if (root.isLevelEnabled('info') && !url.startsWith('/health')) {
      const started = performance.now();
      res.once('close', () => {
        const fields = {
          req: line,
          res: { statusCode: res.statusCode },
          responseTime: Math.round(performance.now() - started),
        };
        if (!res.writableFinished) root.info(fields, 'request aborted');
        else if (res.statusCode >= 500) root.error(fields, 'request errored');
        else root.info(fields, 'request completed');
      });
    }
    storage.run(new RequestLogStore(root, line), next);
  };
}
