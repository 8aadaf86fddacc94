import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { CryptoError, CryptoErrorCode } from '@fpn/crypto';
import { cryptoErrorCode, formatGraphqlError } from './format-error';

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

  it('answers a CryptoError that escaped a resolver BAD_USER_INPUT, with its code as the reason', () => {
    const error = asResolverError(
      new CryptoError(CryptoErrorCode.BadSignature, 'device certificate signature does not verify'),
    );
    expect(formatGraphqlError(error.toJSON(), error)).toEqual({
      message: 'device certificate signature does not verify',
      locations: undefined,
      path: ['field'],
      extensions: { code: 'BAD_USER_INPUT', reason: 'CRYPTO_BAD_SIGNATURE' },
    });
  });

  it.each(Object.values(CryptoErrorCode).filter((code) => code !== CryptoErrorCode.NotReady))(
    'never answers %s INTERNAL_SERVER_ERROR',
    (code) => {
      const error = asResolverError(new CryptoError(code, 'refused'));
      expect(formatGraphqlError(error.toJSON(), error).extensions).toEqual({
        code: 'BAD_USER_INPUT',
        reason: code,
      });
    },
  );

  it('keeps an uninitialised libsodium a server fault: INTERNAL_SERVER_ERROR, message hidden', () => {
    expect(cryptoErrorCode(CryptoErrorCode.NotReady)).toBe(ErrorCode.Internal);
    const error = asResolverError(
      new CryptoError(CryptoErrorCode.NotReady, 'await initCrypto() before using @fpn/crypto'),
    );
    expect(formatGraphqlError(error.toJSON(), error)).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
