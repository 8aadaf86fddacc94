import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { Role } from '@fpn/identity';
import { NotificationKind, NotificationsService, type NotifyInput } from '@fpn/notifications';
import { QueueName, QueueProducer, RedisService } from '@fpn/queue';
import {
  createTestAccount,
  eventually,
  gql,
  signInTestAccount,
  startTestApp,
  startTestSmtpServer,
  type TestAccount,
  type TestApp,
  type TestSmtpServer,
  TestSubscriptionSocket,
} from '@fpn/testing';

const PUBLIC_URL = 'https://fpn.example.org';
const REFUSED = 'refused@police.kz.example';

interface OutboxRow {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  sealed_secrets: string | null;
  last_error: string | null;
  next_attempt_at: Date;
  sent_at: Date | null;
}

interface NotificationEntry {
  id: string;
  kind: string;
  params: string;
  createdAt: string;
  readAt: string | null;
}
const NOTIFICATIONS = gql<
  { notifications: { entries: NotificationEntry[]; nextCursor: string | null } },
  { first?: number; after?: string; unreadOnly?: boolean }
>`
  query Notifications($first: Int, $after: String, $unreadOnly: Boolean) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      entries {
        id
        kind
        params
        createdAt
        readAt
      }
      nextCursor
    }
  }
`;
const UNREAD = gql<{ unreadNotificationCount: number }>`
  {
    unreadNotificationCount
  }
`;
const MARK_READ = gql<{ markNotificationsRead: number }, { ids: string[] }>`
  mutation MarkRead($ids: [ID!]!) {
    markNotificationsRead(ids: $ids)
  }
`;
const MARK_ALL_READ = gql<{ markAllNotificationsRead: number }>`
  mutation {
    markAllNotificationsRead
  }
`;
const NOTIFICATION_ADDED = gql<{ notificationAdded: NotificationEntry }>`
  subscription {
    notificationAdded {
      id
      kind
      params
      createdAt
      readAt
    }
  }
`;

const suspended = (displayName: string) => ({
  kind: NotificationKind.ACCOUNT_SUSPENDED,
  params: { displayName },
});

/** Commits a notification as a business change would, then asks for dispatch. */
async function notify<K extends NotificationKind>(app: TestApp, input: NotifyInput<K>) {
  const service = app.api.get(NotificationsService);
  const notified = await app.api
    .get(DataSource)
    .transaction((manager) => service.notify(manager, input));
  await service.dispatchSoon();
  return notified;
}

async function outboxRow(app: TestApp, id: string): Promise<OutboxRow> {
  const [row] = (await app.api
    .get(DataSource)
    .query('SELECT * FROM email_outbox WHERE id = $1', [id])) as OutboxRow[];
  return row;
}

/** Runs the deadline sweep now, at the test clock's time, as the schedule would. */
const sweep = (app: TestApp) =>
  app.api.get(QueueProducer).add(QueueName.Maintenance, 'sweep', { trigger: 'manual' });

describe('notifications: e-mail through a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let aigerim: TestAccount;
  let bakhyt: TestAccount;
  const startSmtp = (port?: number) =>
    startTestSmtpServer({ port, refuse: (address) => address === REFUSED });

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestApp({
      env: { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_MAX_ATTEMPTS: '3' },
    });
    aigerim = await createTestAccount(app, {
      email: 'aigerim@police.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    bakhyt = await createTestAccount(app, {
      email: 'bakhyt@customs.tj.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'TJ',
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('sends an e-mail committed with the change, in the recipient language, with the link; the token is never stored in clear', async () => {
    const token = randomBytes(32).toString('base64url');
    const service = app.api.get(NotificationsService);
    const { emailId } = await app.api.get(DataSource).transaction(async (manager) => {
      const notified = await service.notify(manager, {
        userId: aigerim.id,
        kind: NotificationKind.INVITATION,
        params: {
          displayName: 'Айгерим Нурлановна',
          role: Role.FOCAL_POINT,
          memberStateCode: 'KZ',
          expiresAt: '2026-01-18T09:00:00.000Z',
        },
        inApp: false,
        email: { to: aigerim.email, language: 'ru', secrets: { token } },
      });
      const [pending] = (await manager.query('SELECT * FROM email_outbox WHERE id = $1', [
        notified.emailId,
      ])) as OutboxRow[];
      expect(pending.sealed_secrets).toMatch(/^v1\./);
      expect(JSON.stringify(pending)).not.toContain(token);
      return notified;
    });
    await service.dispatchSoon();

    const mail = await smtp.waitFor((m) => m.to === aigerim.email);
    expect(mail.subject).toBe('Приглашение в Сеть национальных координаторов');
    expect(mail.text).toContain('Здравствуйте, Айгерим Нурлановна!');
    expect(mail.text).toContain(`\n${PUBLIC_URL}/#/invitation/${token}\n`);
    expect(mail.text).toContain(`\n${token}\n`);
    expect(mail.messageId).toBe(`<${emailId}@fpn.localhost>`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    const row = await eventually(async () => {
      const current = await outboxRow(app, emailId!);
      return current.status === 'sent' ? current : undefined;
    });
    expect(row).toMatchObject({ attempts: 1, sealed_secrets: null, last_error: null });
    expect(row.sent_at).toEqual(app.clock.now());
  });

  it('sends nothing for a change that was rolled back', async () => {
    const service = app.api.get(NotificationsService);
    await expect(
      app.api.get(DataSource).transaction(async (manager) => {
        await service.notify(manager, {
          userId: bakhyt.id,
          ...suspended('Rolled Back'),
          email: { to: bakhyt.email, language: 'en' },
        });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    await service.dispatchSoon();

    // A later, committed one goes out; the rolled-back one never does.
    await notify(app, {
      userId: bakhyt.id,
      ...suspended('Committed'),
      email: { to: bakhyt.email, language: 'en' },
    });
    const mail = await smtp.waitFor((m) => m.to === bakhyt.email);
    expect(mail.text).toContain('Dear Committed,');
    await sweep(app);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.filter((m) => m.text.includes('Rolled Back'))).toEqual([]);
    const [{ count }] = (await app.api
      .get(DataSource)
      .query(`SELECT count(*)::int AS count FROM email_outbox WHERE params->>'displayName' = $1`, [
        'Rolled Back',
      ])) as { count: number }[];
    expect(count).toBe(0);
  });

  it('keeps an e-mail while the relay is down and sends it once the relay is back', async () => {
    await smtp.close();
    const { emailId } = await notify(app, {
      userId: aigerim.id,
      ...suspended('While Down'),
      email: { to: aigerim.email, language: 'en' },
    });
    const failed = await eventually(async () => {
      const row = await outboxRow(app, emailId!);
      return row.attempts === 1 ? row : undefined;
    });
    expect(failed.status).toBe('pending');
    expect(failed.last_error).toMatch(/^E[A-Z]+$/);
    expect(failed.next_attempt_at).toEqual(new Date(app.clock.now().getTime() + 60_000));

    smtp = await startSmtp(smtp.port);
    app.clock.advance(60_000);
    await sweep(app);
    const mail = await smtp.waitFor((m) => m.text.includes('While Down'));
    expect(mail.to).toBe(aigerim.email);
    expect(mail.messageId).toBe(`<${emailId}@fpn.localhost>`);
    const sent = await eventually(async () => {
      const row = await outboxRow(app, emailId!);
      return row.status === 'sent' ? row : undefined;
    });
    expect(sent).toMatchObject({ attempts: 2, last_error: null });
  });

  it('gives up after MAIL_MAX_ATTEMPTS, keeps the row for operators and drops the sealed token', async () => {
    await smtp.close();
    const { emailId } = await notify(app, {
      userId: bakhyt.id,
      kind: NotificationKind.CREDENTIALS_RESET,
      params: {
        displayName: 'Never Delivered',
        role: Role.FOCAL_POINT,
        memberStateCode: 'TJ',
        expiresAt: '2026-01-16T09:00:00.000Z',
      },
      inApp: false,
      email: { to: bakhyt.email, language: 'en', secrets: { token: 'abc_DEF-123' } },
    });
    const attempts = (count: number) =>
      eventually(async () => {
        const row = await outboxRow(app, emailId!);
        return row.attempts === count ? row : undefined;
      });
    await attempts(1);
    app.clock.advance(60_000);
    await sweep(app);
    await attempts(2);
    app.clock.advance(120_000);
    await sweep(app);
    const given = await attempts(3);
    expect(given).toMatchObject({ status: 'failed', sealed_secrets: null });
    expect(given.last_error).toMatch(/^E[A-Z]+$/);

    smtp = await startSmtp(smtp.port);
    app.clock.advance(3_600_000);
    await sweep(app);
    await notify(app, {
      userId: bakhyt.id,
      ...suspended('After Giving Up'),
      email: { to: bakhyt.email, language: 'en' },
    });
    await smtp.waitFor((m) => m.text.includes('After Giving Up'));
    expect(smtp.messages.filter((m) => m.text.includes('Never Delivered'))).toEqual([]);
  });

  it('gives up at once on a recipient the relay refuses for good', async () => {
    const { emailId } = await notify(app, {
      userId: aigerim.id,
      ...suspended('Unknown Mailbox'),
      email: { to: REFUSED, language: 'en' },
    });
    const row = await eventually(async () => {
      const current = await outboxRow(app, emailId!);
      return current.status === 'failed' ? current : undefined;
    });
    expect(row).toMatchObject({ attempts: 1, last_error: 'EENVELOPE 550' });
  });

  it('pushes a new in-app notification live to its owner only', async () => {
    const ownSession = await signInTestAccount(app, aigerim);
    const otherSession = await signInTestAccount(app, bakhyt);
    const own = new TestSubscriptionSocket(app.url, ownSession.accessToken);
    const other = new TestSubscriptionSocket(app.url, otherSession.accessToken);
    try {
      await Promise.all([own.connected, other.connected]);
      const ownStream = own.subscribe(NOTIFICATION_ADDED);
      const otherStream = other.subscribe(NOTIFICATION_ADDED);
      // Each subscription reaches Redis a moment after the socket asks for it.
      const redis = app.api.get(RedisService);
      for (const account of [aigerim, bakhyt]) {
        const channel = redis.key('live', `notifications:${account.id}`);
        await eventually(async () => {
          const [, listeners] = (await redis.client.pubsub('NUMSUB', channel)) as [string, number];
          return listeners > 0 ? true : undefined;
        });
      }

      const { notificationId } = await notify(app, {
        userId: aigerim.id,
        kind: NotificationKind.API_CREDENTIAL_EXPIRING,
        params: {
          displayName: 'Aigerim',
          name: 'Customs risk engine',
          memberStateCode: 'KZ',
          expiresAt: '2026-02-01T00:00:00.000Z',
        },
      });
      const result = await ownStream.next();
      expect(result.errors).toBeUndefined();
      const added = result.data!.notificationAdded;
      expect({ ...added, params: JSON.parse(added.params) as unknown }).toEqual({
        id: notificationId,
        kind: 'API_CREDENTIAL_EXPIRING',
        params: {
          displayName: 'Aigerim',
          name: 'Customs risk engine',
          memberStateCode: 'KZ',
          expiresAt: '2026-02-01T00:00:00.000Z',
        },
        createdAt: app.clock.now().toISOString(),
        readAt: null,
      });
      await expect(otherStream.next(500)).rejects.toThrow(/no subscription result/);

      const [row] = (await app.api
        .get(DataSource)
        .query('SELECT pushed_at FROM notification WHERE id = $1', [notificationId])) as {
        pushed_at: Date | null;
      }[];
      expect(row.pushed_at).toEqual(app.clock.now());
    } finally {
      await Promise.all([own.close(), other.close()]);
    }
  });
});

describe('notifications: the GraphQL inbox', () => {
  let app: TestApp;
  let reader: TestAccount;
  let other: TestAccount;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    reader = await createTestAccount(app, {
      email: 'reader@mvd.uz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'UZ',
    });
    other = await createTestAccount(app, {
      email: 'other@mvd.kg.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KG',
    });
  });
  afterAll(() => app?.close());

  const expiring = (userId: string, name: string) => ({
    userId,
    kind: NotificationKind.API_CREDENTIAL_EXPIRING,
    params: {
      displayName: 'Reader',
      name,
      memberStateCode: 'UZ',
      expiresAt: '2026-03-01T00:00:00Z',
    },
  });

  it('lists only your own, newest first, pages with a cursor, and marks read only yours', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 5; i += 1) {
      ids.push((await notify(app, expiring(reader.id, `credential ${i}`))).notificationId!);
      app.clock.advance(1_000);
    }
    // Two at the same instant: the id breaks the tie, so paging neither skips nor repeats.
    ids.push((await notify(app, expiring(reader.id, 'credential 6'))).notificationId!);
    ids.push((await notify(app, expiring(reader.id, 'credential 7'))).notificationId!);
    const othersId = (await notify(app, expiring(other.id, 'not yours'))).notificationId!;

    const { client } = await signInTestAccount(app, reader);
    const seen: NotificationEntry[] = [];
    let after: string | undefined;
    for (;;) {
      const { notifications } = await client.query(NOTIFICATIONS, { first: 3, after });
      expect(notifications.entries.length).toBeLessThanOrEqual(3);
      seen.push(...notifications.entries);
      if (!notifications.nextCursor) break;
      after = notifications.nextCursor;
    }
    expect(seen.map((entry) => entry.id).sort()).toEqual([...ids].sort());
    const times = seen.map((entry) => entry.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(seen.map((entry) => JSON.parse(entry.params).name)).not.toContain('not yours');
    expect((await client.query(UNREAD)).unreadNotificationCount).toBe(7);

    // Another account's id, and one that is no id at all, count 0 and change nothing.
    expect(
      (await client.query(MARK_READ, { ids: [ids[0], ids[1], othersId, 'not-an-id'] }))
        .markNotificationsRead,
    ).toBe(2);
    expect((await client.query(MARK_READ, { ids: [ids[0]] })).markNotificationsRead).toBe(0);
    const unread = (await client.query(NOTIFICATIONS, { first: 10, unreadOnly: true }))
      .notifications.entries;
    expect(unread.map((entry) => entry.id).sort()).toEqual(ids.slice(2).sort());
    const { entries } = (await client.query(NOTIFICATIONS, { first: 10 })).notifications;
    expect(entries.find((entry) => entry.id === ids[0])?.readAt).toBe(
      app.clock.now().toISOString(),
    );

    const { client: otherClient } = await signInTestAccount(app, other);
    expect((await otherClient.query(UNREAD)).unreadNotificationCount).toBe(1);

    expect((await client.query(MARK_ALL_READ)).markAllNotificationsRead).toBe(5);
    expect((await client.query(UNREAD)).unreadNotificationCount).toBe(0);
    expect((await otherClient.query(UNREAD)).unreadNotificationCount).toBe(1);
  });

  it('refuses a page over 100 and a cursor it did not make', async () => {
    const { client } = await signInTestAccount(app, reader);
    expect(await client.errorCodes(NOTIFICATIONS, { first: 101 })).toEqual(['BAD_USER_INPUT']);
    expect(await client.errorCodes(NOTIFICATIONS, { after: 'bm90IGEgY3Vyc29y' })).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('notifications: without SMTP_URL, e-mail lands in the outbox folder', () => {
  let app: TestApp;
  let outbox: string;

  beforeAll(async () => {
    outbox = await mkdtemp(path.join(tmpdir(), 'fpn-outbox-'));
    app = await startTestApp({ env: { MAIL_OUTBOX_DIR: outbox, PUBLIC_URL } });
  });
  afterAll(async () => {
    await app?.close();
    await rm(outbox, { recursive: true, force: true });
  });

  it('writes each e-mail as an .eml file, readable by the server user only', async () => {
    const account = await createTestAccount(app, {
      email: 'outbox@mvd.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const token = randomBytes(32).toString('base64url');
    const { emailId } = await notify(app, {
      userId: account.id,
      kind: NotificationKind.INVITATION,
      params: {
        displayName: 'Outbox',
        role: Role.FOCAL_POINT,
        memberStateCode: 'KZ',
        expiresAt: '2026-01-18T09:00:00.000Z',
      },
      inApp: false,
      email: { to: account.email, language: 'ru', secrets: { token } },
    });
    const file = await eventually(async () =>
      (await readdir(outbox)).find((name) => name.endsWith(`-${emailId}.eml`)),
    );
    expect(file).toBe(`20260115T090000Z-${emailId}.eml`);
    expect(await readdir(outbox)).toEqual([file]);
    expect((await stat(path.join(outbox, file))).mode & 0o777).toBe(0o600);

    const mail = await simpleParser(await readFile(path.join(outbox, file)));
    expect(mail.subject).toBe('Приглашение в Сеть национальных координаторов');
    expect(mail.text).toContain(`${PUBLIC_URL}/#/invitation/${token}`);
    expect(mail.messageId).toBe(`<${emailId}@fpn.localhost>`);
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value[0]?.address).toBe(account.email);
    await eventually(async () =>
      (await outboxRow(app, emailId!)).status === 'sent' ? true : undefined,
    );
  });
});
