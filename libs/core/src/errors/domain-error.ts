/**
 * Stable error codes a client may rely on; they appear as `extensions.code`.
 * One list for the whole API, so codes cannot drift between modules.
 */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  Conflict = 'CONFLICT',
  RateLimited = 'RATE_LIMITED',
  Internal = 'INTERNAL_SERVER_ERROR',
}

/** An error whose message is safe to show to the client that caused it. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, key: string) {
    super(ErrorCode.NotFound, `${what} "${key}" does not exist`, { what, key });
  }
}

/**
 * A domain error whose answer on a plain HTTP route needs a more precise
 * status than its code's (413 too large, 416 range, 412 protocol version):
 * the attachments' tus endpoint. On GraphQL it is an ordinary domain error.
 */
export class HttpDomainError extends DomainError {
  constructor(
    readonly httpStatus: number,
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    /** Response headers the status calls for (Content-Range on a 416, Tus-Version on a 412). */
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message, details);
  }
}
