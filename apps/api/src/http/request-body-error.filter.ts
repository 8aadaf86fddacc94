import { type ArgumentsHost, BadRequestException, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';

/** What the body parser (via `http-errors`) throws: a status and a `type` such as `entity.too.large`. */
interface BodyParserError {
  status: number;
  type: string;
  expose?: boolean;
}

const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as BodyParserError).status === 'number' &&
  typeof (error as BodyParserError).type === 'string' &&
  /^(entity|request|charset|encoding)\./.test((error as BodyParserError).type);

const CODES: Record<number, { code: string; message: string }> = {
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  415: { code: 'BAD_REQUEST', message: 'Request body encoding is not supported' },
};

/**
 * A request the body parser refused (too large, malformed JSON, unknown
 * charset) gets the same shape as every GraphQL error — `errors[].extensions.code`
 * — and one warning line in the log, never the body or a stack trace.
 * Everything else goes to Nest's default handling (and, for GraphQL, to
 * `formatGraphqlError`).
 */
@Catch()
export class RequestBodyErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('HTTP');

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return exception;
    const http = host.switchToHttp();
    // A JSON syntax error reaches us as a BadRequestException (the message is the parser's).
    const malformedJson =
      exception instanceof BadRequestException &&
      http.getRequest<Request>().path.startsWith('/graphql');
    if (!isBodyParserError(exception) && !malformedJson) return super.catch(exception, host);
    const status = isBodyParserError(exception) ? exception.status : 400;
    const { code, message } = CODES[status] ?? {
      code: 'BAD_REQUEST',
      message: 'Request body could not be read as JSON',
    };
    this.logger.warn({ status, code }, 'request body refused');
    http
      .getResponse<Response>()
      .status(status)
      .json({ errors: [{ message, extensions: { code } }] });
    return undefined;
  }
}
