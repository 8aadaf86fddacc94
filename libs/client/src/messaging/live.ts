import { createClient, type Client } from 'graphql-ws';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
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
      { query: print(document), variables },
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

  close(): Promise<void> {
    return this.client.dispose() as Promise<void>;
  }
}
