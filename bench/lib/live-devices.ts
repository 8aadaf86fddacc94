import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  ConfirmDeliveryDocument,
  MessageReceivedDocument,
} from '../../libs/client/src/generated/graphql';
import type { BenchAccount } from './accounts';
import type { GraphqlHttp } from './graphql-http';

/**
 * The delivery id inside a delivery cursor (base64url of `d:<id>`, see
 * libs/messaging cursors.ts), to find the highest of the pushes received.
 * The SDK confirms the inbox's endCursor instead; the benchmark confirms
 * from pushes so it adds no inbox reads to the load.
 */
export function cursorPosition(cursor: string): bigint {
  const [tag, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  return tag === 'd' && id && /^\d+$/.test(id) ? BigInt(id) : 0n;
}

const RECEIVED = print(MessageReceivedDocument);
const CONFIRM = print(ConfirmDeliveryDocument);

/** What a device saw: every push, by message id, and the highest cursor to confirm. */
export interface DevicePush {
  device: LiveDevice;
  messageId: string;
  cursor: string;
  at: number;
}

/** Where a device sends `confirmDelivery`: its socket, as the SDK's `watch` does, or HTTP. */
export type ConfirmVia = 'socket' | 'http';

/**
 * One focal point's device as the SDK runs it: its own graphql-ws connection
 * (the access token in connection_init) subscribed to `messageReceived` with
 * the SDK's document, and delivery confirmed in batches (`confirmDelivery` up
 * to the highest cursor received, at most once per `confirmEveryMs`), over
 * the socket unless `via` says HTTP.
 */
export class LiveDevice {
  readonly seen = new Set<string>();
  private client?: Client;
  private highest = 0n;
  private highestCursor = '';
  private confirmed = 0n;
  private lastConfirmAt = 0;
  private confirming = false;
  closed = false;
  confirmCalls = 0;
  confirmErrors = 0;

  constructor(
    readonly account: BenchAccount,
    private readonly url: string,
    private readonly via: ConfirmVia = 'socket',
  ) {}

  get deviceId(): string {
    return this.account.device!.deviceId;
  }

  /** Opens the connection and subscribes; resolves once the server acknowledged the connection. */
  subscribe(onPush: (push: DevicePush) => void, onError: (error: unknown) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client = createClient({
        url: this.url.replace(/^http/, 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${this.account.accessToken}` },
        lazy: false,
        retryAttempts: 0,
        on: {
          connected: () => resolve(),
          closed: () => {
            this.closed = true;
          },
        },
        onNonLazyError: reject,
      });
      this.client.subscribe<{ messageReceived: { cursor: string; message: { id: string } } }>(
        { query: RECEIVED, variables: { deviceId: this.deviceId } },
        {
          next: (result) => {
            const item = result.data?.messageReceived;
            if (!item) return onError(new Error(JSON.stringify(result.errors ?? result)));
            const position = cursorPosition(item.cursor);
            if (position > this.highest) {
              this.highest = position;
              this.highestCursor = item.cursor;
            }
            onPush({
              device: this,
              messageId: item.message.id,
              cursor: item.cursor,
              at: performance.now(),
            });
          },
          error: onError,
          complete: () => undefined,
        },
      );
    });
  }

  /** Confirms up to the highest cursor received, if there is news and the last batch is old enough. */
  async confirmIfDue(api: GraphqlHttp, everyMs: number, force = false): Promise<void> {
    // The last confirmation waits for one in flight, which may not reach the highest cursor.
    while (force && this.confirming) await new Promise((resolve) => setTimeout(resolve, 10));
    if (this.confirming || this.highest <= this.confirmed) return;
    if (!force && performance.now() - this.lastConfirmAt < everyMs) return;
    this.confirming = true;
    const upTo = this.highest;
    const cursor = this.highestCursor;
    this.lastConfirmAt = performance.now();
    try {
      this.confirmCalls += 1;
      const variables = { deviceId: this.deviceId, upTo: cursor };
      const answer =
        this.via === 'socket' && this.client
          ? await overSocket(this.client, CONFIRM, variables)
          : await api.request(CONFIRM, variables, this.account.accessToken);
      if (answer.errors?.length) this.confirmErrors += 1;
      else this.confirmed = upTo;
    } catch {
      this.confirmErrors += 1;
    } finally {
      this.confirming = false;
    }
  }

  async close(): Promise<void> {
    await this.client?.dispose();
  }
}

/** One query or mutation over a graphql-ws connection: its single result, or the refusal as errors. */
function overSocket(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ errors?: readonly unknown[] }> {
  return new Promise((resolve) => {
    let result: { errors?: readonly unknown[] } = { errors: ['no answer'] };
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value),
        error: (error) => resolve({ errors: Array.isArray(error) ? error : [error] }),
        complete: () => resolve(result),
      },
    );
  });
}
