import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import { OutboxRelay } from '@fpn/messaging';
import { QueueName, QueueProducer, RedisService } from '@fpn/queue';
import {
  createTestAccount,
  eventually,
  gql,
  type GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestApp,
  withPgClient,
} from '@fpn/testing';
import { DataSource } from 'typeorm';
import { INBOX, messagingFixtures, type Party } from './messaging-fixtures';

const QUEUE_STATUS = gql<{
  deliveryQueueStatus: { waiting: number; failed: number; oldestWaitingSince: string | null };
}>`
  {
    deliveryQueueStatus {
      waiting
      failed
      oldestWaitingSince
    }
  }
`;
const RETRY = gql<{ retryFailedDeliveries: number }>`
  mutation {
    retryFailedDeliveries
  }
`;

async function people(app: TestApp) {
  const fx = messagingFixtures(app);
  const member = [{ key: 'law-enforcement', role: 'primary' as const }];
  const kz = await fx.person({ role: Role.FOCAL_POINT, state: 'KZ', networks: member, devices: 3 });
  const tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member, devices: 2 });
  const admin = await createTestAccount(app, {
    email: 'queue-admin@messaging.example',
    role: Role.SECRETARIAT_ADMIN,
  });
  return { fx, kz, tj, admin: (await signInTestAccount(app, admin)).client };
}

const outboxRows = (app: TestApp) =>
  withPgClient(app.database.ownerUrl, async (client) => {
    const { rows } = await client.query<{ message_id: string; status: string }>(
      'SELECT message_id, status FROM message_outbox ORDER BY message_id',
    );
    return rows;
  });

describe('the outbox relay: one job per message, derived from PostgreSQL', () => {
  let app: TestApp;
  let relay: OutboxRelay;
  let kz: Party;
  let fx: ReturnType<typeof messagingFixtures>;

  beforeAll(async () => {
    await initCrypto();
    // No worker: the jobs the relay queues stay in BullMQ to be counted.
    app = await startTestApp({
      worker: false,
      env: { MESSAGE_RELAY_POLL_MS: '3600000', MESSAGE_RELAY_LEASE_MS: '2000' },
    });
    ({ fx, kz } = await people(app));
  });
  afterAll(async () => {
    await relay?.onApplicationShutdown();
    await app?.close();
  });

  it('queues one job per message, never one per delivery, and never twice', async () => {
    const sent = [];
    for (let i = 0; i < 3; i++) {
      sent.push(await fx.sent(kz, { to: { networkKey: 'law-enforcement' } }));
    }
    // Each message has 4 deliveries: TJ's two devices and KZ's two other devices.
    expect(sent.map((s) => s.recipientDevices)).toEqual([4, 4, 4]);
    expect(await outboxRows(app)).toHaveLength(3);

    relay = new OutboxRelay(app.api.get(DataSource), app.config, app.api.get(RedisService));
    await relay.onApplicationBootstrap();
    const queue = app.api.get(QueueProducer).queue(QueueName.Messages);
    await eventually(async () => ((await queue.getJobCounts()).waiting === 3 ? true : undefined));
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.map((job) => job.data.messageId).sort()).toEqual(
      sent.map((s) => s.message.id).sort(),
    );
    // Relaying again queues nothing new; neither does a lease that ran out (same job ids).
    expect(await relay.relayAll()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await relay.relayAll()).toBe(3);
    expect((await queue.getJobCounts()).waiting).toBe(3);
    // The rows stay until a fan-out job has published their message.
    expect(await outboxRows(app)).toHaveLength(3);
  });
});

describe('deliveries that exhaust their attempts: kept, counted, retried by an administrator', () => {
  let app: TestApp;
  let kz: Party;
  let tj: Party;
  let admin: GraphqlTestClient;
  let fx: ReturnType<typeof messagingFixtures>;
  let appRole: string;

  const setOutboxDelete = (grant: boolean) =>
    withPgClient(app.database.ownerUrl, (client) =>
      client.query(
        `${grant ? 'GRANT' : 'REVOKE'} DELETE ON message_outbox ${grant ? 'TO' : 'FROM'} "${appRole}"`,
      ),
    );

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({
      env: {
        MESSAGE_RELAY_POLL_MS: '200',
        MESSAGE_DELIVERY_ATTEMPTS: '2',
        MESSAGE_DELIVERY_BACKOFF_MS: '50',
      },
    });
    appRole = decodeURIComponent(new URL(app.database.appUrl).username);
    ({ fx, kz, tj, admin } = await people(app));
  });
  afterAll(() => app?.close());

  it('marks the message failed when its fan-out job gives up, and queues it again on request', async () => {
    expect((await admin.query(QUEUE_STATUS)).deliveryQueueStatus).toEqual({
      waiting: 0,
      failed: 0,
      oldestWaitingSince: null,
    });
    // A fan-out job fails at its last step (the outbox row cannot be removed): every attempt.
    await setOutboxDelete(false);
    const sent = await fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
    await eventually(async () => {
      const rows = await outboxRows(app);
      return rows[0]?.status === 'failed' ? rows : undefined;
    });
    expect((await admin.query(QUEUE_STATUS)).deliveryQueueStatus).toEqual({
      waiting: 0,
      failed: 1,
      oldestWaitingSince: null,
    });
    // Stored all along: the device catches up from its inbox whatever the queue did.
    const { inbox } = await tj.client.query(INBOX, { deviceId: tj.devices[0].deviceId });
    expect(inbox.items.map((item) => item.message.id)).toEqual([sent.message.id]);

    await setOutboxDelete(true);
    expect((await admin.query(RETRY)).retryFailedDeliveries).toBe(1);
    await eventually(async () => ((await outboxRows(app)).length === 0 ? true : undefined));
    expect((await admin.query(QUEUE_STATUS)).deliveryQueueStatus).toMatchObject({
      waiting: 0,
      failed: 0,
    });
    expect((await admin.query(RETRY)).retryFailedDeliveries).toBe(0);
    // Operators see counts only, and only administrators.
    expect(await kz.client.errorCodes(QUEUE_STATUS)).toEqual(['FORBIDDEN']);
  });
});
