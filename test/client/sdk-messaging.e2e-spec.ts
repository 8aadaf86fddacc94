import WebSocket from 'ws';
import { initCrypto } from '@fpn/crypto';
import {
  ClientError,
  ClientErrorCode,
  FpnClient,
  MemoryKeystore,
  type ReceivedMessage,
} from '@fpn/client';
import { Role } from '@fpn/identity';
import { MessageDocument } from '../../libs/client/src/generated/graphql';
import {
  addDirectoryEntry,
  createTestAccount,
  eventuallyPasses,
  startTestApp,
  type TestAccount,
  type TestApp,
  withPgClient,
} from '@fpn/testing';

/**
 * Messaging through the SDK against the real server: what a focal point
 * notices — a message arrives once, decrypted; a tampered one is reported as
 * forged, never shown; a restored device reads the history.
 */
describe('client SDK: encrypted messaging', () => {
  let app: TestApp;
  let serial = 0;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  async function person(state: string, networks = ['law-enforcement'], role = 'primary' as const) {
    const account = await createTestAccount(app, {
      email: `msg${++serial}.${state.toLowerCase()}@sdk.example`,
      role: Role.FOCAL_POINT,
      memberStateCode: state,
    });
    await addDirectoryEntry(
      app,
      account,
      networks.map((key) => ({ key, role })),
    );
    return { account, sdk: await device(account) };
  }

  async function device(account: TestAccount, keystore = new MemoryKeystore()) {
    const sdk = await FpnClient.create({
      serverUrl: app.url,
      keystore,
      now: () => app.clock.now(),
      webSocket: WebSocket,
    });
    await sdk.login({ email: account.email, password: account.password });
    return sdk;
  }

  const content = (subject: string) => ({
    subject,
    text: `Body of ${subject}: vehicle KZ 777 ABC, 02:40 at the Khorgos crossing.`,
  });
  const ok = (messages: ReceivedMessage[]) =>
    messages.map((message) => [message.status, message.content?.subject]);

  it('sends to a network: the sender decides on new identities, every addressed person reads it once', async () => {
    const alice = await person('KZ');
    const bob = await person('TJ');
    const carol = await person('UZ', ['border-control']);
    for (const who of [alice, bob, carol]) await who.sdk.keys.init();

    const to = { networkKey: 'law-enforcement' };
    const refusal = await alice.sdk.messaging
      .send({ to, category: 'ALERT', priority: 'URGENT', content: content('first') })
      .catch((error: ClientError) => error);
    expect(refusal).toBeInstanceOf(ClientError);
    expect((refusal as ClientError).code).toBe(ClientErrorCode.NewIdentity);
    expect((refusal as ClientError).subjects).toEqual([bob.account.id]);

    const sent = await alice.sdk.messaging.send({
      to,
      category: 'ALERT',
      priority: 'URGENT',
      handlingCode: 'H2',
      sourceReliability: 'B',
      informationAccuracy: '2',
      content: content('first'),
      acceptNew: true,
    });
    expect(sent).toMatchObject({ duplicate: false, recipientAccounts: 1, recipientDevices: 1 });

    const received = await bob.sdk.messaging.receive();
    expect(ok(received)).toEqual([['ok', 'first']]);
    expect(received[0]).toMatchObject({
      id: sent.messageId,
      senderUserId: alice.account.id,
      metadata: {
        category: 'ALERT',
        priority: 'URGENT',
        handlingCode: 'H2',
        sourceReliability: 'B',
        informationAccuracy: '2',
      },
    });
    expect(received[0].content!.text).toContain('Khorgos');
    // Once: the cursor moved, and a redelivered id is dropped.
    expect(await bob.sdk.messaging.receive()).toEqual([]);
    expect(
      await bob.sdk.messaging.accept((await rawMessage(bob.sdk, sent.messageId)) as never),
    ).toBe(null);
    // Not in the network: nothing.
    expect(await carol.sdk.messaging.receive()).toEqual([]);

    // The sender reads what it sent; the person acknowledges and reads, per state.
    expect((await alice.sdk.messaging.read(sent.messageId)).content).toEqual(content('first'));
    await bob.sdk.messaging.acknowledge(sent.messageId);
    const status = await alice.sdk.messaging.status(sent.messageId);
    expect(status.states).toEqual([
      { memberStateCode: 'TJ', recipients: 1, delivered: 1, acknowledged: 1, read: 0 },
    ]);
    await bob.sdk.messaging.markRead([sent.messageId]);
    expect((await alice.sdk.messaging.status(sent.messageId)).states[0].read).toBe(1);
  });

  it('live: a watching device gets each message once, as it is sent', async () => {
    const alice = await person('KZ', ['economic-crimes']);
    const bob = await person('KG', ['economic-crimes']);
    await alice.sdk.keys.init();
    await bob.sdk.keys.init();
    await bob.sdk.keys.trustNew([alice.account.id]);
    const seen: ReceivedMessage[] = [];
    const stop = new AbortController();
    const errors: unknown[] = [];
    const watching = bob.sdk.messaging.watch((message) => void seen.push(message), {
      signal: stop.signal,
      syncDelayMs: 50,
      onError: (error) => errors.push(error),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const subject of ['one', 'two', 'three']) {
      await alice.sdk.messaging.send({
        to: { networkKey: 'economic-crimes' },
        category: 'INFORMATION_EXCHANGE',
        content: content(subject),
        acceptNew: true,
      });
    }
    await eventuallyPasses(() =>
      expect([ok(seen), errors]).toEqual([
        [
          ['ok', 'one'],
          ['ok', 'two'],
          ['ok', 'three'],
        ],
        [],
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop.abort();
    await watching;
    expect(errors).toEqual([]);
    expect(seen).toHaveLength(3);
    expect(await bob.sdk.messaging.receive()).toEqual([]);
  });

  it('reports an envelope altered in the database as forged, never as content', async () => {
    const alice = await person('KZ', ['wmd-nonproliferation']);
    const bob = await person('MN', ['wmd-nonproliferation']);
    await alice.sdk.keys.init();
    await bob.sdk.keys.init();
    const sent = await alice.sdk.messaging.send({
      to: { networkKey: 'wmd-nonproliferation' },
      category: 'NOTICE',
      content: content('tampered'),
      acceptNew: true,
    });
    // Someone with the database changes one character of the ciphertext, and the visible priority.
    await withPgClient(app.database.ownerUrl, async (pg) => {
      const { rows } = await pg.query<{ envelope: string }>(
        'SELECT envelope::text AS envelope FROM message WHERE id = $1',
        [sent.messageId],
      );
      const envelope = JSON.parse(rows[0].envelope) as {
        ciphertext: string;
        metadata: Record<string, string>;
      };
      const flipped = envelope.ciphertext.startsWith('A') ? 'B' : 'A';
      envelope.ciphertext = flipped + envelope.ciphertext.slice(1);
      await pg.query('UPDATE message SET envelope = $2 WHERE id = $1', [
        sent.messageId,
        JSON.stringify(envelope),
      ]);
    });
    const [received] = await bob.sdk.messaging.receive();
    expect(received).toMatchObject({ id: sent.messageId, status: 'forged', content: null });
    expect(received.problem).toMatch(/CRYPTO_BAD_SIGNATURE/);
    // Reported once, not again on the next catch-up.
    expect(await bob.sdk.messaging.receive()).toEqual([]);
  });

  it('a device restored from the backup decrypts the thread history', async () => {
    const alice = await person('KZ', ['border-control']);
    const bob = await person('TJ', ['border-control']);
    await alice.sdk.keys.init();
    await bob.sdk.keys.init();
    const { recoveryKey } = await bob.sdk.keys.backup();
    const first = await alice.sdk.messaging.send({
      to: { memberStateCodes: ['TJ'], networkKey: 'border-control' },
      category: 'REQUEST_FOR_ASSISTANCE',
      priority: 'URGENT',
      dueDate: new Date(app.clock.now().getTime() + 8 * 3600_000),
      content: content('request'),
      acceptNew: true,
    });
    expect(ok(await bob.sdk.messaging.receive())).toEqual([['ok', 'request']]);
    const reply = await bob.sdk.messaging.send({
      threadId: first.threadId,
      inReplyTo: first.messageId,
      category: 'INFORMATION_EXCHANGE',
      content: content('answer'),
    });
    expect(reply.recipientAccounts).toBe(1);

    // Bob's laptop is lost: a new device restores from the recovery key.
    const restored = await device(bob.account);
    await restored.keys.restore({ recoveryKey: recoveryKey! });
    const history = await restored.messaging.thread(first.threadId);
    expect(ok(history.messages)).toEqual([
      ['ok', 'request'],
      ['ok', 'answer'],
    ]);
    expect(history.messages[1].inReplyTo).toBe(first.messageId);
  });

  it('refuses to encrypt to a changed identity until the sender accepts it', async () => {
    const alice = await person('KZ', ['law-enforcement']);
    const bob = await person('AZ', ['law-enforcement']);
    await alice.sdk.keys.init();
    await bob.sdk.keys.init();
    await alice.sdk.keys.trustNew([bob.account.id]);
    const bobAgain = await device(bob.account);
    await bobAgain.keys.init({ replaceExisting: true });
    const refusal = await alice.sdk.messaging
      .send({
        to: { userId: bob.account.id },
        category: 'INFORMATION_EXCHANGE',
        content: content('direct'),
        acceptNew: true,
      })
      .catch((error: ClientError) => error.code);
    expect(refusal).toBe(ClientErrorCode.KeyChanged);
    await alice.sdk.keys.acceptKeyChange(bob.account.id);
    const sent = await alice.sdk.messaging.send({
      to: { userId: bob.account.id },
      category: 'INFORMATION_EXCHANGE',
      content: content('direct'),
    });
    expect(ok(await bobAgain.messaging.receive())).toEqual([['ok', 'direct']]);
    expect(sent.recipientDevices).toBe(1);
  });
});

async function rawMessage(sdk: FpnClient, id: string) {
  return (await sdk.session.request(MessageDocument, { id })).message;
}
