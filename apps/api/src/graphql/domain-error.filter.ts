import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '@fpn/core';

/**
 * Domain errors are answers, not faults: hand them to `formatGraphqlError`
 * untouched instead of letting Nest log each one as an unhandled exception.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError): DomainError {
    return error;
  }
}
