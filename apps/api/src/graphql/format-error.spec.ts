import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { formatGraphqlError } from './format-error';

const asResolverError = (original: Error) =>
  new GraphQLError(original.message, { originalError: original, path: ['field'] });

describe('formatGraphqlError', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('gives a domain error its stable code and message', () => {
    const error = asResolverError(new NotFoundError('Network', 'ghost'));
    expect(formatGraphqlError(error.toJSON(), error)).toMatchObject({
      message: 'Network "ghost" does not exist',
      extensions: { code: ErrorCode.NotFound, what: 'Network', key: 'ghost' },
    });
  });

  it('keeps the code Apollo sets for a malformed query', () => {
    const error = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(formatGraphqlError(error.toJSON(), error).extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
  });

  it('hides an unexpected error behind INTERNAL_SERVER_ERROR, without its message or stack', () => {
    const error = asResolverError(new Error('relation "secret_table" does not exist at 10.0.0.5'));
    const formatted = formatGraphqlError(error.toJSON(), error);
    expect(formatted).toEqual({
      message: 'Internal server error',
      locations: undefined,
      path: ['field'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(formatted)).not.toContain('secret_table');
  });

  it('never lets a DomainError subclass lose its code', () => {
    const error = asResolverError(new DomainError(ErrorCode.Conflict, 'already exists'));
    expect(formatGraphqlError(error.toJSON(), error).extensions?.code).toBe('CONFLICT');
  });
});
