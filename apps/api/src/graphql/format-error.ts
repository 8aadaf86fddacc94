import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { HttpException, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@fpn/core';
import { CryptoError, CryptoErrorCode } from '@fpn/crypto';
import type { GraphQLFormattedError } from 'graphql';

const logger = new Logger('GraphQL');

/** Codes Apollo itself sets for malformed requests; their messages describe the client's input. */
const REQUEST_ERROR_CODES = new Set<string>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  'INTROSPECTION_DISABLED',
]);

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BadUserInput,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  429: ErrorCode.RateLimited,
};

/**
 * The GraphQL code of a protocol refusal that escaped a resolver (key-input.ts
 * maps those it expects to DomainErrors first). Each is about what the client
 * sent — except CRYPTO_NOT_READY, libsodium not initialised: the server's fault.
 */
export function cryptoErrorCode(code: CryptoErrorCode): ErrorCode {
  switch (code) {
    case CryptoErrorCode.UnsupportedVersion:
    case CryptoErrorCode.InvalidKeyLength:
    case CryptoErrorCode.InvalidEncoding:
    case CryptoErrorCode.InvalidField:
    case CryptoErrorCode.BadSignature:
    case CryptoErrorCode.NotARecipient:
    case CryptoErrorCode.DecryptionFailed:
    case CryptoErrorCode.TruncatedStream:
    case CryptoErrorCode.HashMismatch:
    case CryptoErrorCode.WeakKdfParameters:
    case CryptoErrorCode.InvalidRecoveryKey:
    case CryptoErrorCode.KeyMismatch:
      return ErrorCode.BadUserInput;
    case CryptoErrorCode.NotReady:
      return ErrorCode.Internal;
  }
}

/**
 * The one place errors become what a client sees: a stable `extensions.code`
 * and a message safe to show. Anything unexpected is logged here and reaches
 * the client as INTERNAL_SERVER_ERROR without SQL, stack or internals.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { message, locations, path } = formatted;

  if (original instanceof DomainError) {
    return {
      message: original.message,
      locations,
      path,
      extensions: { code: original.code, ...original.details },
    };
  }
  if (original instanceof CryptoError) {
    const code = cryptoErrorCode(original.code);
    if (code !== ErrorCode.Internal) {
      // A CryptoError's message describes the input and never carries key material.
      return {
        message: original.message,
        locations,
        path,
        extensions: { code, reason: original.code },
      };
    }
  }
  if (original instanceof HttpException) {
    const code = HTTP_STATUS_CODES[original.getStatus()];
    if (code) return { message: original.message, locations, path, extensions: { code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    return { message, locations, path, extensions: { code } };
  }
  logger.error(
    { err: original instanceof Error ? original : String(original), path },
    'unexpected GraphQL error',
  );
  return {
    message: 'Internal server error',
    locations,
    path,
    extensions: { code: ErrorCode.Internal },
  };
}
