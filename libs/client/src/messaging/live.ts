import { createClient, type Client } from 'graphql-ws';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ApiError, TransportError } from '../transport/api-error';
import type { Session } from '../transport/session';

/** A WebSocket constructor: the browser's, or `ws` in Node.js. */
export type WebSocketConstructor = unknown;

/**
 * One graphql-ws connection for the signed-in account, the access token in
 * connection_init (a fresh one on every reconnect). Reconnects with backoff
 * when the connection drops; a session the server ended (4401/4403) stops it.
 */
export class LiveConnection {
  private readonly client: Client;

  constructor(session: Session, webSocketImpl: WebSocketConstructor) {
    this.client = createClient({
      url: `${session.serverUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl,
      connectionParams: async () => ({ authorization: `Bearer ${await session.accessToken()}` }),
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry: (event) => {
        const code = (event as { code?: number } | null)?.code;
        return code !== 4401 && code !== 4403;
      },
    });
  }

  subscribe<Result, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
    sink: { next(result: Result): void; error(error: unknown): void; complete?(): void },
  ): () => void {
    return this.client.subscribe<Result>(
      { query: printed(document), variables },
      {
        next: (value) => {
          if (value.errors?.length) sink.error(new Error(value.errors[0].message));
          else if (value.data) sink.next(value.data as Result);
        },
        error: (error) => sink.error(error),
        complete: () => sink.complete?.(),
      },
    );
  }

  /**
   * A query or mutation over this socket — the server serves a watching
   * device's `inbox` and `confirmDelivery` here, without an HTTP request each.
   * Refusals arrive as ApiError with the server's code, as over HTTP.
   */
  request<Result, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
  ): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      let data: Result | undefined;
      this.client.subscribe<Result>(
        { query: printed(document), variables },
        {
          next: (value) => {
            if (value.errors?.length) reject(apiErrorOf(value.errors[0]));
            else data = value.data as Result;
          },
          error: (error) =>
            reject(Array.isArray(error) && error.length ? apiErrorOf(error[0]) : error),
          complete: () =>
            data === undefined
              ? reject(new TransportError('the socket closed the operation without an answer'))
              : resolve(data),
        },
      );
    });
  }

  close(): Promise<void> {
    return this.client.dispose() as Promise<void>;
  }
}

const PRINTED = new WeakMap<object, string>();

/** A document's text, printed once. */
function printed(document: TypedDocumentNode<unknown, never>): string {
  let text = PRINTED.get(document);
  if (text === undefined) {
    text = print(document);
    PRINTED.set(document, text);
  }
  return text;
}

function apiErrorOf(error: {
  message?: string;
  extensions?: Record<string, unknown> | null;
}): ApiError {
  const { code, ...details } = error.extensions ?? {};
  return new ApiError(
    error.message ?? 'refused',
    typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
    details,
  );
}
