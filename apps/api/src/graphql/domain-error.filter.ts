import { type ArgumentsHost, Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { DomainError, ErrorCode, HttpDomainError } from '@fpn/core';

/** The HTTP status of a domain error answered on a plain route (not GraphQL). */
const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Internal]: 500,
};

/**
 * Domain errors are answers, not faults: hand them to `formatGraphqlError`
 * untouched instead of letting Nest log each one as an unhandled exception.
 * On a plain HTTP route (the CSV export, attachments) the answer is written here, with the
 * status that matches the code (or the HttpDomainError's own) and the same body shape as a GraphQL error.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): DomainError | undefined {
    if (host.getType() !== 'http') return error;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      response.destroy();
      return undefined;
    }
    if (error instanceof HttpDomainError) response.set(error.headers);
    const status = error instanceof HttpDomainError ? error.httpStatus : HTTP_STATUS[error.code];
    response.status(status).json({
      errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }],
    });
    return undefined;
  }
}
