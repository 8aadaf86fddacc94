import { randomBytes } from 'node:crypto';

/**
 * The JSON of pushes that share objects. A message pushed to 56 devices is
 * executed once (shared-pushes.ts), but graphql-ws serialises each device's
 * `next` message whole: the same 12 KB message 56 times — the api's largest
 * single cost at 2,000 deliveries/s (docs/benchmarks.md). An object marked
 * `serialiseOnce` is serialised the first time it is pushed and stands in
 * every push as a token (graphql-ws's `jsonMessageReplacer`); the socket's
 * `send` puts the kept JSON in place of the token (`expandSharedJson`).
 *
 * graphql-ws serialises a message and hands it to the socket in the same
 * synchronous step, so the JSON a message's tokens name is always that of
 * the last serialisation; a message that never reached a socket (it had
 * closed) leaves nothing behind once the next one is sent. A token holds a
 * nonce drawn when the process starts, so no text a sender wrote can pass
 * for one.
 */
const NONCE = randomBytes(12).toString('hex');
const TOKEN = `\u0000shared-json:${NONCE}:`;
/** A token as JSON.stringify writes it: quoted, its NUL escaped. */
const WRITTEN_TOKEN = new RegExp(`"\\\\u0000shared-json:${NONCE}:(\\d+)"`, 'g');

/** The marked objects, with their JSON once first serialised. */
const shared = new WeakMap<object, string | undefined>();
/** The JSON the tokens written since the last send stand for, by token number. */
let pending = new Map<number, string>();
let nextToken = 0;

/** Marks an object that many pushes carry as it is: serialised once, however many sockets. */
export function serialiseOnce<T extends object>(value: T): T {
  if (!shared.has(value)) shared.set(value, undefined);
  return value;
}

/** graphql-ws's `jsonMessageReplacer`: a marked object becomes a token. */
export function sharedJsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !shared.has(value)) return value;
  let json = shared.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    shared.set(value, json);
  }
  const token = nextToken++;
  pending.set(token, json);
  return `${TOKEN}${token}`;
}

/** The serialised message with each token replaced by the JSON it stands for. */
export function expandSharedJson(data: string): string {
  if (pending.size === 0) return data;
  const written = pending;
  pending = new Map();
  return data.replace(WRITTEN_TOKEN, (token, n: string) => {
    const json = written.get(Number(n));
    // Only a serialisation that bypassed the socket's send could leave a token unmatched.
    if (json === undefined) throw new Error(`no JSON kept for shared token ${n}`);
    return json;
  });
}

/** A socket whose `send` graphql-ws's ws adapter calls with each serialised message. */
export interface TextSocket {
  send(data: unknown, ...rest: unknown[]): void;
}

/** Makes the socket's own `send` expand shared JSON before anything is written. */
export function sendExpandingSharedJson(socket: TextSocket): void {
  const send = socket.send.bind(socket);
  socket.send = (data: unknown, ...rest: unknown[]) =>
    send(typeof data === 'string' ? expandSharedJson(data) : data, ...rest);
}
