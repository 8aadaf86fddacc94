import { randomUUID } from 'node:crypto';
import { initCrypto } from '@fpn/crypto';
import { type AfterQueryEvent, DataSource, type EntitySubscriberInterface } from 'typeorm';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  eventually,
  gql,
  startTestApp,
  type TestApp,
  TestSubscriptionSocket,
  withPgClient,
} from '@fpn/testing';
import {
  AUDIENCE,
  CONFIRM,
  INBOX,
  messagingFixtures,
  openAs,
  type Party,
  RECEIVED,
  STATUS,
} from './messaging-fixtures';

const THREAD = gql<
  {
    thread: {
      id: string;
      kind: string;
      addressing: string;
      networkKey: string | null;
      memberStateCodes: string[];
      createdByUserId: string;
      messages: { items: { id: string; inReplyTo: string | null }[]; hasNextPage: boolean };
    };
  },
  { id: string }
>`
  query ($id: String!) {
    thread(id: $id) {
      id
      kind
      addressing
      networkKey
      memberStateCodes
      createdByUserId
      messages(first: 10) {
        items {
          id
          inReplyTo
        }
        hasNextPage
      }
    }
  }
`;
const THREADS = gql<{ threads: { items: { id: string }[]; endCursor: string | null } }>`
  {
    threads(first: 50) {
      items {
        id
      }
      endCursor
    }
  }
`;
const MESSAGE = gql<{ message: { id: string } }, { id: string }>`
  query ($id: String!) {
    message(id: $id) {
      id
    }
  }
`;
const ACK = gql<{ acknowledgeMessage: string }, { id: string }>`
  mutation ($id: String!) {
    acknowledgeMessage(messageId: $id)
  }
`;
const READ = gql<{ markMessagesRead: number }, { ids: string[] }>`
  mutation ($ids: [String!]!) {
    markMessagesRead(messageIds: $ids)
  }
`;

describe('messaging: send, fan out, push, receipts, catch-up', () => {
  let app: TestApp;
  let fx: ReturnType<typeof messagingFixtures>;
  const sockets: TestSubscriptionSocket[] = [];
  /** law-enforcement: KZ's primary (two devices) and alternate, TJ's primary. UZ: border-control only. */
  let kzPrimary: Party & { entryId: string | null };
  let kzAlternate: Party & { entryId: string | null };
  let tj: Party & { entryId: string | null };
  let uz: Party & { entryId: string | null };
  let secretariat: Party;

  const inboxIds = async (who: Party, device = who.devices[0], after?: string) =>
    (
      await who.client.query(INBOX, { deviceId: device.deviceId, after: after ?? null })
    ).inbox.items.map((item) => item.message.id);

  async function listen(who: Party, device = who.devices[0]) {
    const socket = new TestSubscriptionSocket(app.url, who.token);
    sockets.push(socket);
    await socket.connected;
    const stream = socket.subscribe(RECEIVED, { deviceId: device.deviceId });
    return stream;
  }

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ env: { MESSAGE_RELAY_POLL_MS: '200' } });
    fx = messagingFixtures(app);
    kzPrimary = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'KZ',
      networks: [{ key: 'law-enforcement', role: 'primary' }],
      devices: 2,
    });
    kzAlternate = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'KZ',
      networks: [{ key: 'law-enforcement', role: 'alternate' }],
    });
    tj = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'TJ',
      networks: [{ key: 'law-enforcement', role: 'primary' }],
    });
    uz = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'UZ',
      networks: [{ key: 'border-control', role: 'primary' }],
    });
    secretariat = await fx.person({ role: Role.SECRETARIAT_OFFICER, state: null });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
    await app?.close();
  });

  it('delivers a network-wide message to every addressed device, live and through the inbox', async () => {
    const streams = [
      await listen(kzPrimary, kzPrimary.devices[0]),
      await listen(kzPrimary, kzPrimary.devices[1]),
      await listen(kzAlternate),
    ];
    await new Promise((resolve) => setTimeout(resolve, 200));

    const sent = await fx.sent(tj, {
      to: { networkKey: 'law-enforcement' },
      body: 'Seizure at the border crossing',
      metadata: {
        category: 'ALERT',
        priority: 'URGENT',
        handlingCode: 'H2',
        sourceReliability: 'B',
      },
    });
    expect(sent).toMatchObject({ duplicate: false, recipientAccounts: 2, recipientDevices: 3 });
    expect(sent.message).toMatchObject({
      senderUserId: tj.account.id,
      senderMemberStateCode: 'TJ',
      category: 'ALERT',
      priority: 'URGENT',
      handlingCode: 'H2',
      sourceReliability: 'B',
      informationAccuracy: null,
    });

    const receivers = [
      { who: kzPrimary, device: kzPrimary.devices[0] },
      { who: kzPrimary, device: kzPrimary.devices[1] },
      { who: kzAlternate, device: kzAlternate.devices[0] },
    ];
    for (const [i, stream] of streams.entries()) {
      const { data, errors } = await stream.next();
      expect(errors).toBeUndefined();
      expect(data!.messageReceived.message.id).toBe(sent.message.id);
      expect(openAs(receivers[i].device, data!.messageReceived.message)).toBe(
        'Seizure at the border crossing',
      );
      // The push is executed once for the three devices; each still gets its own cursor.
      const { who, device } = receivers[i];
      const inbox = await who.client.query(INBOX, { deviceId: device.deviceId, after: null });
      const item = inbox.inbox.items.find((entry) => entry.message.id === sent.message.id);
      expect(data!.messageReceived.cursor).toBe(item!.cursor);
    }
    expect(await inboxIds(kzPrimary, kzPrimary.devices[1])).toEqual([sent.message.id]);
    expect(await inboxIds(kzAlternate)).toEqual([sent.message.id]);
    // Not addressed: the sender's only device, another network's focal point.
    expect(await inboxIds(tj)).toEqual([]);
    expect(await inboxIds(uz)).toEqual([]);
    // The fan-out job finished: nothing waits in the outbox.
    await eventually(async () => ((await outboxRows()) === 0 ? true : undefined));
  });

  async function outboxRows() {
    return withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM message_outbox',
      );
      return rows[0].n;
    });
  }

  it('answers a send and pushes it with its sender device as readers see it, read once', async () => {
    const stream = await listen(tj);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const statements: string[] = [];
    const recorder: EntitySubscriberInterface = {
      afterQuery: (event: AfterQueryEvent) => void statements.push(event.query),
    };
    const subscribers = app.api.get(DataSource).subscribers;
    subscribers.push(recorder);
    let sent: Awaited<ReturnType<typeof fx.sent>>;
    let pushed: Awaited<ReturnType<typeof stream.next>>;
    try {
      sent = await fx.sent(kzAlternate, { to: { networkKey: 'law-enforcement' } });
      pushed = await stream.next();
    } finally {
      subscribers.splice(subscribers.indexOf(recorder), 1);
    }
    const inbox = await tj.client.query(INBOX, { deviceId: tj.devices[0].deviceId, after: null });
    const read = inbox.inbox.items.find((item) => item.message.id === sent.message.id)!.message;
    const live = pushed.data!.messageReceived.message;
    expect(live.id).toBe(sent.message.id);
    for (const shown of [sent.message, live]) {
      expect(shown.senderDevice).toEqual(read.senderDevice);
      expect(shown.attachments).toEqual([]);
    }
    expect(read.attachments).toEqual([]);
    // The api reads the sender's device once, to check it; neither the answer nor the push
    // reads it again, nor attachments (the fan-out read them with the message).
    expect(statements.filter((sql) => /"d"\."device_id" = \$1/.test(sql))).toHaveLength(1);
    expect(statements.filter((sql) => /FROM "device" "DeviceEntity"/.test(sql))).toEqual([]);
    expect(statements.filter((sql) => /FROM attachment/.test(sql))).toEqual([]);
  });

  it('addresses a state in a network: its primary and alternate, nobody else', async () => {
    const before = await inboxIds(tj);
    const sent = await fx.sent(secretariat, {
      to: { networkKey: 'law-enforcement', memberStateCodes: ['kz'] },
      body: 'For Kazakhstan only',
    });
    expect(sent).toMatchObject({ recipientAccounts: 2, recipientDevices: 3 });
    expect(await inboxIds(kzAlternate)).toContain(sent.message.id);
    expect(openAs(kzPrimary.devices[1], sent.message)).toBe('For Kazakhstan only');
    expect(await inboxIds(tj)).toEqual(before);

    const { thread } = await kzAlternate.client.query(THREAD, { id: sent.message.threadId });
    expect(thread).toMatchObject({
      kind: 'NETWORK',
      addressing: 'STATES',
      networkKey: 'law-enforcement',
      memberStateCodes: ['KZ'],
      createdByUserId: secretariat.account.id,
    });
  });

  it('answers a retry with the same id as the first time, and refuses the id with other content', async () => {
    const messageId = randomUUID();
    const first = await fx.send(kzAlternate, { to: { networkKey: 'law-enforcement' }, messageId });
    const envelope = JSON.stringify(first.json);
    const again = await kzAlternate.client.query(SEND_AGAIN, {
      input: { envelope, to: { networkKey: 'law-enforcement' } },
    });
    expect(again.sendMessage).toMatchObject({
      duplicate: true,
      recipientAccounts: first.response.data!.sendMessage.recipientAccounts,
      message: { id: messageId },
    });
    const other = await fx.send(kzAlternate, {
      to: { networkKey: 'law-enforcement' },
      messageId,
      body: 'something else',
    });
    expect(other.response.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'MESSAGE_ID_TAKEN',
    });
    // Another account reusing the id: taken as well.
    const stranger = await fx.send(tj, { to: { networkKey: 'law-enforcement' }, messageId });
    expect(stranger.response.errors?.[0].extensions?.reason).toBe('MESSAGE_ID_TAKEN');
    const deliveries = await withPgClient(
      app.database.ownerUrl,
      async (client) =>
        (
          await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM message_delivery WHERE message_id = $1',
            [messageId],
          )
        ).rows[0].n,
    );
    // One message, its deliveries written once: KZ's primary (two devices) and TJ.
    expect(deliveries).toBe(3);
    expect(await inboxIds(tj)).toContain(messageId);
    expect((await inboxIds(tj)).filter((id) => id === messageId)).toHaveLength(1);
  });

  it('confirms delivery up to a cursor: the inbox after it has nothing older', async () => {
    const device = kzPrimary.devices[0];
    const { inbox } = await kzPrimary.client.query(INBOX, { deviceId: device.deviceId });
    expect(inbox.items.length).toBeGreaterThanOrEqual(3);
    const middle = inbox.items[1].cursor;
    expect(
      (await kzPrimary.client.query(CONFIRM, { deviceId: device.deviceId, upTo: middle }))
        .confirmDelivery,
    ).toBe(2);
    // Confirming again changes nothing.
    expect(
      (await kzPrimary.client.query(CONFIRM, { deviceId: device.deviceId, upTo: middle }))
        .confirmDelivery,
    ).toBe(0);
    const after = await inboxIds(kzPrimary, device, middle);
    expect(after).toEqual(inbox.items.slice(2).map((item) => item.message.id));
    // Paging: one at a time, in order.
    const page = await kzPrimary.client.query(INBOX, { deviceId: device.deviceId, first: 1 });
    expect(page.inbox).toMatchObject({ hasNextPage: true, endCursor: inbox.items[0].cursor });
  });

  it('serves a watching device its inbox and confirmations over its socket, and nothing else', async () => {
    const device = tj.devices[0];
    const { inbox } = await tj.client.query(INBOX, { deviceId: device.deviceId });
    expect(inbox.items.length).toBeGreaterThan(0);
    const socket = new TestSubscriptionSocket(app.url, tj.token);
    sockets.push(socket);
    await socket.connected;
    const caughtUp = await socket.subscribe(INBOX, { deviceId: device.deviceId }).next();
    expect(caughtUp.data?.inbox.items.map((item) => item.message.id)).toEqual(
      inbox.items.map((item) => item.message.id),
    );
    const confirmed = await socket
      .subscribe(CONFIRM, { deviceId: device.deviceId, upTo: inbox.endCursor! })
      .next();
    expect(confirmed.data?.confirmDelivery).toBe(inbox.items.length);
    // Recorded: confirming the same cursor over HTTP finds nothing left to confirm.
    expect(
      (await tj.client.query(CONFIRM, { deviceId: device.deviceId, upTo: inbox.endCursor! }))
        .confirmDelivery,
    ).toBe(0);
    const refusedCode = (result: Promise<unknown>) =>
      result.then(
        (answer) => (answer as { errors?: { extensions?: { code?: string } }[] }).errors?.[0],
        (errors: { extensions?: { code?: string } }[]) => errors[0],
      );
    // Any other operation goes over HTTP.
    const other = await refusedCode(socket.subscribe(THREADS, {}).next());
    expect(other?.extensions?.code).toBe('BAD_USER_INPUT');
    // Another account's device is as unknown over the socket as over HTTP.
    const foreign = new TestSubscriptionSocket(app.url, uz.token);
    sockets.push(foreign);
    await foreign.connected;
    const unknown = await refusedCode(
      foreign.subscribe(CONFIRM, { deviceId: device.deviceId, upTo: inbox.endCursor! }).next(),
    );
    expect(unknown?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps acknowledged and read apart, and counts them per state for the sender', async () => {
    const sent = await fx.sent(tj, {
      to: { networkKey: 'law-enforcement' },
      metadata: {
        category: 'REQUEST_FOR_ASSISTANCE',
        priority: 'URGENT',
        handlingCode: 'H0',
        dueDate: '2026-02-01T08:00:00.000Z',
      },
    });
    const id = sent.message.id;
    expect(sent.message.dueDate).toBe('2026-02-01T08:00:00.000Z');
    const initial = (await tj.client.query(STATUS, { messageId: id })).messageStatus;
    expect(initial).toEqual({
      messageId: id,
      states: [{ memberStateCode: 'KZ', recipients: 2, delivered: 0, acknowledged: 0, read: 0 }],
    });

    // The alternate reads but does not acknowledge; the primary's second device confirms delivery.
    expect((await kzAlternate.client.query(READ, { ids: [id, 'not-mine'] })).markMessagesRead).toBe(
      1,
    );
    expect((await kzAlternate.client.query(READ, { ids: [id] })).markMessagesRead).toBe(0);
    const second = kzPrimary.devices[1];
    const { inbox } = await kzPrimary.client.query(INBOX, { deviceId: second.deviceId });
    await kzPrimary.client.query(CONFIRM, { deviceId: second.deviceId, upTo: inbox.endCursor! });
    const acknowledged = (await kzPrimary.client.query(ACK, { id })).acknowledgeMessage;
    app.clock.advance(60_000);
    // Idempotent: the first time is kept.
    expect((await kzPrimary.client.query(ACK, { id })).acknowledgeMessage).toBe(acknowledged);

    const status = (await tj.client.query(STATUS, { messageId: id })).messageStatus.states;
    expect(status).toEqual([
      { memberStateCode: 'KZ', recipients: 2, delivered: 1, acknowledged: 1, read: 1 },
    ]);
    // The Secretariat sees it too; a recipient is refused; a stranger is told it does not exist.
    expect(
      (await secretariat.client.query(STATUS, { messageId: id })).messageStatus.states,
    ).toEqual(status);
    expect(await kzAlternate.client.errorCodes(STATUS, { messageId: id })).toEqual(['FORBIDDEN']);
    expect(await uz.client.errorCodes(STATUS, { messageId: id })).toEqual(['NOT_FOUND']);
    expect(await uz.client.errorCodes(ACK, { id })).toEqual(['NOT_FOUND']);
    expect((await uz.client.query(READ, { ids: [id] })).markMessagesRead).toBe(0);
  });

  it('shows threads, their messages and inboxes to those who take part, and to nobody else', async () => {
    const sent = await fx.sent(tj, { to: { networkKey: 'law-enforcement' } });
    const { threadId, id } = sent.message;
    expect((await tj.client.query(THREADS)).threads.items.map((t) => t.id)).toContain(threadId);
    expect((await kzAlternate.client.query(MESSAGE, { id })).message.id).toBe(id);
    for (const outsider of [uz, secretariat]) {
      expect(await outsider.client.errorCodes(THREAD, { id: threadId })).toEqual(['NOT_FOUND']);
      expect(await outsider.client.errorCodes(MESSAGE, { id })).toEqual(['NOT_FOUND']);
      expect((await outsider.client.query(THREADS)).threads.items.map((t) => t.id)).not.toContain(
        threadId,
      );
    }
    // Someone else's device is not yours to read or confirm.
    expect(await uz.client.errorCodes(INBOX, { deviceId: kzPrimary.devices[0].deviceId })).toEqual([
      'NOT_FOUND',
    ]);
    expect(
      await uz.client.errorCodes(CONFIRM, {
        deviceId: kzPrimary.devices[0].deviceId,
        upTo: (await kzPrimary.client.query(INBOX, { deviceId: kzPrimary.devices[0].deviceId }))
          .inbox.endCursor!,
      }),
    ).toEqual(['NOT_FOUND']);
    // ...nor to listen to.
    const socket = new TestSubscriptionSocket(app.url, uz.token);
    sockets.push(socket);
    await socket.connected;
    const refused = await socket
      .subscribe(RECEIVED, { deviceId: kzPrimary.devices[0].deviceId })
      .next()
      .catch((errors: { extensions?: { code?: string } }[]) => ({ errors }));
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('circulates from the Secretariat to every coordinator, who read but do not write there', async () => {
    const kzCoordinator = await fx.person({ role: Role.STATE_COORDINATOR, state: 'KZ' });
    const tjCoordinator = await fx.person({ role: Role.STATE_COORDINATOR, state: 'TJ' });
    const audience = async (who: Party) =>
      (await who.client.query(AUDIENCE, { to: { coordinators: true }, threadId: null }))
        .messageAudience;
    // Every active coordinator, and only them: no focal point, not the sender.
    const coordinators = await withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM user_account WHERE role = 'STATE_COORDINATOR' AND status = 'active'`,
      );
      return rows.map((row) => row.id).sort();
    });
    expect(coordinators).toEqual(
      expect.arrayContaining([kzCoordinator.account.id, tjCoordinator.account.id]),
    );
    expect([...(await audience(secretariat))].sort()).toEqual(coordinators);

    const sent = await fx.sent(secretariat, {
      to: { coordinators: true },
      body: 'Draft decision under silence procedure',
      metadata: { category: 'NOTICE', priority: 'ROUTINE', handlingCode: 'H1' },
    });
    const kzInbox = await kzCoordinator.client.query(INBOX, {
      deviceId: kzCoordinator.devices[0].deviceId,
    });
    expect(kzInbox.inbox.items.map((item) => item.message.id)).toEqual([sent.message.id]);
    expect(openAs(kzCoordinator.devices[0], kzInbox.inbox.items[0].message)).toBe(
      'Draft decision under silence procedure',
    );
    expect(await inboxIds(tjCoordinator)).toEqual([sent.message.id]);
    expect(await inboxIds(uz)).not.toContain(sent.message.id);
    const thread = await kzCoordinator.client.query(THREAD, { id: sent.message.threadId });
    expect(thread.thread.kind).toBe('COORDINATORS');

    // Only the Secretariat writes to the coordinators: neither a new thread nor a reply.
    for (const [who, to] of [
      [tj, { coordinators: true }],
      [kzCoordinator, { coordinators: true }],
    ] as const) {
      expect(await who.client.errorCodes(AUDIENCE, { to, threadId: null })).toEqual(['FORBIDDEN']);
    }
    expect(
      await kzCoordinator.client.errorCodes(AUDIENCE, {
        to: null,
        threadId: sent.message.threadId,
      }),
    ).toEqual(['FORBIDDEN']);
    // Named with anything else, it is refused as malformed.
    expect(
      await secretariat.client.errorCodes(AUDIENCE, {
        to: { coordinators: true, networkKey: 'law-enforcement' },
        threadId: null,
      }),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('evaluates a thread’s addressing at each message: a new member gets the replies, the creator too', async () => {
    const first = await fx.sent(tj, { to: { networkKey: 'law-enforcement' }, body: 'question' });
    const threadId = first.message.threadId;
    const newcomer = await fx.person({ role: Role.FOCAL_POINT, state: 'KG' });
    expect(await newcomer.client.errorCodes(THREAD, { id: threadId })).toEqual(['NOT_FOUND']);
    await addDirectoryEntry(app, newcomer.account, [{ key: 'law-enforcement', role: 'primary' }]);

    const reply = await fx.sent(kzPrimary, {
      threadId,
      inReplyTo: first.message.id,
      body: 'answer',
    });
    // TJ (the creator and a member), KZ's alternate, the newcomer; and KZ's primary's other device.
    expect(reply).toMatchObject({ recipientAccounts: 3, recipientDevices: 4 });
    expect(reply.message.inReplyTo).toBe(first.message.id);
    expect(await inboxIds(newcomer)).toEqual([reply.message.id]);
    const { thread } = await newcomer.client.query(THREAD, { id: threadId });
    // The newcomer reads what was sent to them, not what was sent before they joined.
    expect(thread.messages.items).toEqual([{ id: reply.message.id, inReplyTo: first.message.id }]);
    const { thread: tjView } = await tj.client.query(THREAD, { id: threadId });
    expect(tjView.messages.items.map((m) => m.id)).toEqual([first.message.id, reply.message.id]);
  });

  it('keeps a direct thread between two accounts', async () => {
    const sent = await fx.sent(kzAlternate, {
      to: { userId: secretariat.account.id },
      body: 'a note for the Secretariat',
    });
    expect(sent).toMatchObject({ recipientAccounts: 1, recipientDevices: 1 });
    expect(openAs(secretariat.devices[0], sent.message)).toBe('a note for the Secretariat');
    const answer = await fx.sent(secretariat, { threadId: sent.message.threadId, body: 'noted' });
    expect(answer.recipientAccounts).toBe(1);
    expect(await inboxIds(kzAlternate)).toContain(answer.message.id);
    const { thread } = await secretariat.client.query(THREAD, { id: sent.message.threadId });
    expect(thread).toMatchObject({ kind: 'DIRECT', addressing: 'DIRECT', networkKey: null });
  });

  it('audits each send with metadata only', async () => {
    const sent = await fx.sent(tj, {
      to: { networkKey: 'law-enforcement' },
      body: 'canary-7f3a-not-in-the-audit-log',
    });
    const audited = await eventually(() =>
      withPgClient(app.database.ownerUrl, async (client) => {
        const { rows } = await client.query<{ details: Record<string, unknown>; actor_id: string }>(
          `SELECT actor_id, details FROM (SELECT type, subject_id, actor_id, details FROM audit_pending
                                UNION ALL SELECT type, subject_id, actor_id, details FROM audit_entry) e
            WHERE type = 'MESSAGE_SENT' AND subject_id = $1`,
          [sent.message.id],
        );
        return rows.length ? rows : undefined;
      }),
    );
    expect(audited).toHaveLength(1);
    expect(audited[0].actor_id).toBe(tj.account.id);
    expect(audited[0].details).toMatchObject({
      threadId: sent.message.threadId,
      category: 'information_exchange',
      recipientAccounts: 3,
    });
    expect(JSON.stringify(audited[0].details)).not.toContain('envelope');
    expect(JSON.stringify(audited[0].details)).not.toContain(sent.json.ciphertext.slice(0, 16));
  });
});

const SEND_AGAIN = gql<
  { sendMessage: { duplicate: boolean; recipientAccounts: number; message: { id: string } } },
  { input: { envelope: string; to: { networkKey: string } } }
>`
  mutation ($input: SendMessageInput!) {
    sendMessage(input: $input) {
      duplicate
      recipientAccounts
      message {
        id
      }
    }
  }
`;
