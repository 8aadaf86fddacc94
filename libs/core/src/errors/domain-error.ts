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
