import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  GraphqlTestClient,
  startApiReplica,
  startTestApp,
  type TestApp,
  TestSubscriptionSocket,
} from '@fpn/testing';
import { messagingFixtures, openAs, type Party, RECEIVED, SEND } from './messaging-fixtures';

/** Any replica serves any device: the worker publishes once through Redis, every replica hands out. */
describe('live delivery across api replicas', () => {
  let app: TestApp;
  let replica: Awaited<ReturnType<typeof startApiReplica>>;
  let fx: ReturnType<typeof messagingFixtures>;
  const sockets: TestSubscriptionSocket[] = [];
  let kz: Party;
  let tj: Party;

  async function listen(who: Party, url: string) {
    const socket = new TestSubscriptionSocket(url, who.token);
    sockets.push(socket);
    await socket.connected;
    return socket.subscribe(RECEIVED, { deviceId: who.devices[0].deviceId });
  }

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ env: { MESSAGE_RELAY_POLL_MS: '200' } });
    // The replica (another process, same PostgreSQL and Redis) runs on the system clock.
    app.clock.set(new Date());
    replica = await startApiReplica(app);
    fx = messagingFixtures(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    kz = await fx.person({ role: Role.FOCAL_POINT, state: 'KZ', networks: member });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
    await replica?.close();
    await app?.close();
  });

  it('pushes to a device subscribed on replica B a message sent through replica A', async () => {
    const onB = await listen(kz, replica.url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = await fx.sent(tj, { to: { networkKey: 'law-enforcement' }, body: 'via A' });
    const { data, errors } = await onB.next();
    expect(errors).toBeUndefined();
    expect(data!.messageReceived.message.id).toBe(sent.message.id);
    expect(openAs(kz.devices[0], data!.messageReceived.message)).toBe('via A');
  });

  it('and the other way round: sent through B, pushed on A', async () => {
    const onA = await listen(tj, app.url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const recipients = await fx.recipientsFor(kz, { to: { networkKey: 'law-enforcement' } });
    const json = fx.envelope(kz.devices[0], recipients, { body: 'via B' });
    const { sendMessage } = await new GraphqlTestClient(`${replica.url}/graphql`)
      .asBearer(kz.token)
      .query(SEND, {
        input: { envelope: JSON.stringify(json), to: { networkKey: 'law-enforcement' } },
      });
    const { data } = await onA.next();
    expect(data!.messageReceived.message.id).toBe(sendMessage.message.id);
    expect(openAs(tj.devices[0], data!.messageReceived.message)).toBe('via B');
  });
});
