import { createClient, type Client } from 'graphql-ws';
import type { FormattedExecutionResult } from 'graphql';
import WebSocket from 'ws';
import type { TypedDocument } from './graphql-client';

export interface SocketClosed {
  code: number;
  reason: string;
}

/**
 * One graphql-ws connection, as a client system would open it: the access
 * token in connection_init. Results and the close event are queued, so a test
 * can await the next one.
 */
export class TestSubscriptionSocket {
  private readonly client: Client;
  /** Resolves when the server closes the socket, with its code and reason. */
  readonly closed: Promise<SocketClosed>;
  /** Resolves when the server acknowledged connection_init. */
  readonly connected: Promise<void>;

  constructor(url: string, token?: string) {
    let onClosed!: (closed: SocketClosed) => void;
    let onConnected!: () => void;
    this.closed = new Promise((resolve) => (onClosed = resolve));
    this.connected = new Promise((resolve) => (onConnected = resolve));
    this.client = createClient({
      url: url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => onConnected(),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          onClosed({ code, reason: String(reason) });
        },
      },
      onNonLazyError: () => undefined,
    });
  }

  /** Starts a subscription; each result (data or errors) lands in the returned stream. */
  subscribe<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
  ): TestSubscriptionStream<TResult> {
    const stream = new TestSubscriptionStream<TResult>();
    stream.unsubscribe = this.client.subscribe<TResult>(
      { query: document, variables: variables as Record<string, unknown> | undefined },
      {
        next: (result) => stream.push(result),
        error: (error) => stream.fail(error),
        complete: () => stream.end(),
      },
    );
    return stream;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

export class TestSubscriptionStream<TResult> {
  private readonly results: FormattedExecutionResult<TResult, unknown>[] = [];
  private waiting?: {
    resolve: (value: FormattedExecutionResult<TResult, unknown>) => void;
    reject: (error: unknown) => void;
  };
  private failure?: unknown;
  ended = false;
  unsubscribe: () => void = () => undefined;

  push(result: FormattedExecutionResult<TResult, unknown>): void {
    if (this.waiting) {
      this.waiting.resolve(result);
      this.waiting = undefined;
    } else {
      this.results.push(result);
    }
  }

  fail(error: unknown): void {
    this.failure = error;
    this.waiting?.reject(error);
    this.waiting = undefined;
  }

  end(): void {
    this.ended = true;
  }

  /** The next result, or a rejection with what the server refused (e.g. an array of errors). */
  next(timeoutMs = 10_000): Promise<FormattedExecutionResult<TResult, unknown>> {
    const queued = this.results.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no subscription result within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }
}
