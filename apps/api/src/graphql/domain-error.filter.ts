import { type ArgumentsHost, Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { DomainError, ErrorCode } from '@fpn/core';

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
 * On a plain HTTP route (the CSV export) the answer is written here, with the
 * status that matches the code and the same body shape as a GraphQL error.
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
    response.status(HTTP_STATUS[error.code]).json({
      errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }],
    });
    return undefined;
  }
}
