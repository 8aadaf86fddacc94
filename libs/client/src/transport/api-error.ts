/** An error the server answered with: its stable `extensions.code` and details. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    /** `extensions.code`: BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, … */
    readonly code: string,
    /** The rest of `extensions`: `reason`, `field`, … */
    readonly details: Readonly<Record<string, unknown>> = {},
    /** The HTTP status when the server answered outside GraphQL (413, 429, …). */
    readonly status?: number,
  ) {
    super(message);
  }

  get reason(): string | undefined {
    return typeof this.details.reason === 'string' ? this.details.reason : undefined;
  }

  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined;
  }
}

/** The server could not be reached, or did not answer as a GraphQL server does. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
}
