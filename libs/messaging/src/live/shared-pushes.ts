import {
  createSourceEventStream,
  type DocumentNode,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import type { AuthenticatedRequest } from '@fpn/identity';
import { DeviceDelivery } from './device-listeners.service';
import { serialiseOnce } from './push-json';

/** Stands for a device's cursor while a push is executed for every device alike. Never a cursor (base64url). */
const CURSOR = '\u0000cursor';

type Execution = ExecutionResult | Promise<ExecutionResult>;

/** Per published message: the execution of each distinct subscription it was pushed to. */
const executions = new WeakMap<object, Map<string, Execution>>();
/** Per document: the variables it uses only as arguments of its root field (a device's id). */
const streamOnlyVariables = new WeakMap<DocumentNode, ReadonlySet<string>>();

/**
 * graphql-ws's `subscribe`, as graphql-js's but for messages pushed to many
 * devices: one message published on this replica reaches the subscriptions
 * of every device it names, and each would execute its selection over the
 * same message (graphql-js: ~25 fields, two resolver calls through Nest's
 * guards) — 56 executions for a network-wide message. Here it is executed once
 * for every subscription asking the same thing (the same document and
 * operation, the same variables but the device's, callers of the same role or
 * credential operations, which is all a field's policy can tell apart), and
 * each device gets that result with its own cursor; what all of them carry
 * alike is serialised once too (push-json.ts). Everything else — errors,
 * other subscriptions — runs as graphql-js runs it.
 */
export async function subscribeSharingPushes(
  args: ExecutionArgs,
): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!isAsyncIterable(stream)) return stream;
  // Fixed for the subscription's life; its caller is known once the stream is open.
  const key = sharingKey(args);
  const push = (event: unknown): Execution =>
    event instanceof DeviceDelivery
      ? sharedPush(args, key, event)
      : execute({ ...args, rootValue: event });
  return mapIterator(stream[Symbol.asyncIterator](), push);
}

async function sharedPush(
  args: ExecutionArgs,
  key: string,
  delivery: DeviceDelivery,
): Promise<ExecutionResult> {
  let byKey = executions.get(delivery.message);
  if (!byKey) {
    byKey = new Map();
    executions.set(delivery.message, byKey);
  }
  let execution = byKey.get(key);
  if (!execution) {
    execution = execute({ ...args, rootValue: new DeviceDelivery(CURSOR, delivery.message) });
    byKey.set(key, execution);
  }
  return withCursor(await execution, delivery.cursor);
}

/** What a shared execution depends on besides the message. */
function sharingKey(args: ExecutionArgs): string {
  const personal = streamOnlyVariablesOf(args.document, args.operationName);
  const variables = Object.entries(args.variableValues ?? {})
    .filter(([name]) => !personal.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    documentId(args.document),
    args.operationName ?? null,
    variables,
    callerKind(args.contextValue),
  ]);
}

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;
function documentId(document: DocumentNode): number {
  let id = documentIds.get(document);
  if (id === undefined) {
    id = nextDocumentId++;
    documentIds.set(document, id);
  }
  return id;
}

/** The caller as field policies see it: a role, or an API credential's operations. */
function callerKind(context: unknown): string {
  const request = (context as { req?: AuthenticatedRequest } | undefined)?.req;
  if (request?.principal) return `role:${request.principal.user.role}`;
  if (request?.credential)
    return `credential:${[...request.credential.operations].sort().join(',')}`;
  return 'unknown';
}

/**
 * Variables used only in the root field's arguments: they choose the stream
 * (the device), not what is executed over its events — the subscription's
 * `resolve` does not read them.
 */
function streamOnlyVariablesOf(
  document: DocumentNode,
  operationName: string | null | undefined,
): ReadonlySet<string> {
  let names = streamOnlyVariables.get(document);
  if (!names) {
    const operation = getOperationAST(document, operationName);
    names = operation ? rootOnly(document, operation) : new Set();
    streamOnlyVariables.set(document, names);
  }
  return names;
}

function rootOnly(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const uses = (node: Parameters<typeof visit>[0]) => {
    const counted = new Map<string, number>();
    visit(node, {
      VariableDefinition: () => false,
      Variable: (variable) => {
        counted.set(variable.name.value, (counted.get(variable.name.value) ?? 0) + 1);
      },
    });
    return counted;
  };
  const root = new Map<string, number>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    for (const argument of selection.arguments ?? []) {
      for (const [name, n] of uses(argument)) root.set(name, (root.get(name) ?? 0) + n);
    }
  }
  const everywhere = uses(document);
  return new Set([...root].filter(([name, n]) => everywhere.get(name) === n).map(([name]) => name));
}

/** The shared result with the device's own cursor wherever the placeholder stands. */
function withCursor(result: ExecutionResult, cursor: string): ExecutionResult {
  if (!result.data) return result;
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(result.data)) {
    data[field] = isRecord(value) ? replaceCursor(value, cursor) : value;
  }
  return { ...result, data };
}

function replaceCursor(item: Record<string, unknown>, cursor: string): Record<string, unknown> {
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    // The rest is every device's alike: serialised once for all their sockets (push-json.ts).
    own[key] = value === CURSOR ? cursor : isObject(value) ? serialiseOnce(value) : value;
  }
  return own;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  isObject(value) && !Array.isArray(value);

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * An async generator over `source` with each value mapped. Written out (not an
 * `async function*`) so that `return()` — a client completing, a socket
 * closing — reaches the source at once instead of waiting for its next event.
 */
function mapIterator<T, U>(
  source: AsyncIterator<T>,
  map: (value: T) => U | Promise<U>,
): AsyncGenerator<U> {
  const done = (): Promise<IteratorResult<U>> => Promise.resolve({ value: undefined, done: true });
  const generator: AsyncGenerator<U> = {
    async next() {
      const next = await source.next();
      return next.done
        ? { value: undefined, done: true }
        : { value: await map(next.value), done: false };
    },
    async return() {
      if (source.return) await source.return();
      return done();
    },
    async throw(error: unknown) {
      if (source.throw) await source.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return generator;
    },
    [Symbol.asyncDispose]: async () => {
      await generator.return(undefined);
    },
  };
  return generator;
}
