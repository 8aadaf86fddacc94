import { EventEmitter } from 'node:events';
import {
  type ExecutionResult,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import type { MessageEvent } from '../delivery/message-events';
import { DeviceDelivery } from './device-listeners.service';
import { subscribeSharingPushes } from './shared-pushes';

/** A schema shaped like ours: messageReceived(deviceId) → { cursor, message { id, body(max) } }. */
function liveSchema(bus: PubSub) {
  const calls = { body: 0 };
  const message = new GraphQLObjectType<MessageEvent>({
    name: 'Message',
    fields: {
      id: { type: GraphQLString },
      body: {
        type: GraphQLString,
        args: { max: { type: GraphQLInt } },
        resolve: (event, args: { max?: number }) => {
          calls.body += 1;
          return `body of ${event.id}`.slice(0, args.max ?? undefined);
        },
      },
    },
  });
  const item = new GraphQLObjectType({
    name: 'InboxItem',
    fields: { cursor: { type: GraphQLString }, message: { type: message } },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        messageReceived: {
          type: item,
          args: { deviceId: { type: new GraphQLNonNull(GraphQLString) } },
          subscribe: (_root, args: { deviceId: string }) =>
            bus.asyncIterableIterator(args.deviceId),
          resolve: (event: DeviceDelivery | { cursor: string; message: MessageEvent }) => event,
        },
      },
    }),
  });
  return { schema, calls };
}

const DOCUMENT = parse(`
  subscription ($deviceId: String!, $max: Int) {
    messageReceived(deviceId: $deviceId) { cursor mine: cursor message { id body(max: $max) } }
  }
`);

const person = (role: string) => ({ req: { principal: { user: { role } } } });

describe('subscribeSharingPushes', () => {
  let bus: PubSub;
  beforeEach(() => {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    bus = new PubSub({ eventEmitter: emitter });
  });

  async function subscribe(
    schema: GraphQLSchema,
    deviceId: string,
    context: object,
    extra: Record<string, unknown> = {},
  ) {
    const stream = await subscribeSharingPushes({
      schema,
      document: DOCUMENT,
      variableValues: { deviceId, ...extra },
      contextValue: context,
    });
    if (!(Symbol.asyncIterator in stream)) throw new Error(JSON.stringify(stream));
    return stream;
  }

  const message = (id: string) => ({ id }) as unknown as MessageEvent;

  it('executes a message once for devices asking alike, each with its own cursor', async () => {
    const { schema, calls } = liveSchema(bus);
    const a = await subscribe(schema, 'device-a', person('FOCAL_POINT'));
    const b = await subscribe(schema, 'device-b', person('FOCAL_POINT'));
    const shared = message('m1');
    const results = Promise.all([a.next(), b.next()]);
    await bus.publish('device-a', new DeviceDelivery('cursor-a', shared));
    await bus.publish('device-b', new DeviceDelivery('cursor-b', shared));
    const [ofA, ofB] = (await results).map((next) => next.value as ExecutionResult);
    expect(ofA).toEqual({
      data: {
        messageReceived: {
          cursor: 'cursor-a',
          mine: 'cursor-a',
          message: { id: 'm1', body: 'body of m1' },
        },
      },
    });
    expect(ofB.data?.messageReceived).toMatchObject({ cursor: 'cursor-b', mine: 'cursor-b' });
    expect(calls.body).toBe(1);
    // The next message is executed anew.
    const next = a.next();
    await bus.publish('device-a', new DeviceDelivery('cursor-a2', message('m2')));
    expect((await next).value).toMatchObject({
      data: { messageReceived: { cursor: 'cursor-a2' } },
    });
    expect(calls.body).toBe(2);
  });

  it('executes apart for callers of another role, or other variables', async () => {
    const { schema, calls } = liveSchema(bus);
    const streams = [
      await subscribe(schema, 'device-a', person('FOCAL_POINT')),
      await subscribe(schema, 'device-b', person('SECRETARIAT')),
      await subscribe(schema, 'device-c', person('FOCAL_POINT'), { max: 4 }),
    ];
    const shared = message('m1');
    const results = Promise.all(streams.map((stream) => stream.next()));
    for (const device of ['a', 'b', 'c']) {
      await bus.publish(`device-${device}`, new DeviceDelivery(`cursor-${device}`, shared));
    }
    const values = (await results).map((next) => next.value as ExecutionResult);
    expect(values.map((value) => value.data?.messageReceived)).toEqual([
      { cursor: 'cursor-a', mine: 'cursor-a', message: { id: 'm1', body: 'body of m1' } },
      { cursor: 'cursor-b', mine: 'cursor-b', message: { id: 'm1', body: 'body of m1' } },
      { cursor: 'cursor-c', mine: 'cursor-c', message: { id: 'm1', body: 'body' } },
    ]);
    expect(calls.body).toBe(3);
  });

  it('executes any other event as graphql-js would', async () => {
    const { schema, calls } = liveSchema(bus);
    const a = await subscribe(schema, 'device-a', person('FOCAL_POINT'));
    const next = a.next();
    await bus.publish('device-a', { cursor: 'plain', message: message('m1') });
    expect((await next).value).toMatchObject({ data: { messageReceived: { cursor: 'plain' } } });
    expect(calls.body).toBe(1);
  });

  it('stops at once when the client completes, without waiting for another event', async () => {
    const { schema } = liveSchema(bus);
    const a = await subscribe(schema, 'device-a', person('FOCAL_POINT'));
    const first = a.next();
    await bus.publish('device-a', new DeviceDelivery('cursor-a', message('m1')));
    await first;
    const waiting = a.next();
    await new Promise((resolve) => setImmediate(resolve));
    await a.return(undefined);
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
  });
});
