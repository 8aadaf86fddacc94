import { randomBytes } from 'node:crypto';
import { generateDeviceKeys, initCrypto } from '@fpn/crypto';
import {
  FpnClient,
  openWebhookMessage,
  verifyWebhook,
  WebhookVerificationError,
} from '@fpn/client';
import { Role } from '@fpn/identity';
import { WebhookRetrySweeper } from '@fpn/messaging';
import {
  addDirectoryEntry,
  createTestAccount,
  eventually,
  gql,
  GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  withPgClient,
} from '@fpn/testing';
import { messagingFixtures, type Party, STATUS } from './messaging-fixtures';
import { BIND, ISSUE, ministrySystem, receiver, REGISTER } from './webhook-fixtures';

const WEBHOOKS = gql<{
  webhooks: {
    id: string;
    url: string;
    pendingDeliveries: number;
    failedDeliveries: number;
    lastError: string | null;
  }[];
}>`
  {
    webhooks {
      id
      url
      pendingDeliveries
      failedDeliveries
      lastError
    }
  }
`;
const DELETE = gql<{ deleteWebhook: string }, { id: string }>`
  mutation ($id: ID!) {
    deleteWebhook(id: $id)
  }
`;
const OPERATORS = gql<{
  webhookDeliveryStatus: {
    pending: number;
    failed: number;
    delivered: number;
    failedByError: { error: string; count: number }[];
  };
}>`
  {
    webhookDeliveryStatus {
      pending
      failed
      delivered
      failedByError {
        error
        count
      }
    }
  }
`;
const RETRY = gql<{ retryFailedWebhookDeliveries: number }>`
  mutation {
    retryFailedWebhookDeliveries
  }
`;

const webhookRows = (app: TestApp) =>
  withPgClient(app.database.ownerUrl, async (client) => {
    const { rows } = await client.query<{
      status: string;
      attempts: number;
      next_attempt_at: Date;
      last_error: string | null;
    }>('SELECT status, attempts, next_attempt_at, last_error FROM webhook_delivery ORDER BY id');
    return rows;
  });

/**
 * A ministry system receives its traffic by webhook: the worker POSTs the
 * envelope (ciphertext) signed with the webhook's secret; the SDK verifies
 * the signature and decrypts with the system's device keys. A failing
 * receiver is retried by the clock, then kept as failed for operators.
 */
describe('ministry webhooks: signed envelopes, verified and decrypted by the SDK', () => {
  let app: TestApp;
  let fx: ReturnType<typeof messagingFixtures>;
  let tj: Party;
  let coordinator: TestAccount;
  let system: GraphqlTestClient;
  let systemSdk: FpnClient;
  let systemDeviceId: string;
  let admin: GraphqlTestClient;
  let adminAccount: TestAccount;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const content = (subject: string) =>
    JSON.stringify({ v: 1, subject, text: `${subject}: container MSCU 123, Khorgos, 02:40.` });

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({
      env: {
        MESSAGE_RELAY_POLL_MS: '200',
        WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOK_BACKOFF_SECONDS: '30',
      },
    });
    fx = messagingFixtures(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member });
    coordinator = await createTestAccount(app, {
      email: 'coordinator.kz@webhooks.example',
      role: Role.STATE_COORDINATOR,
      memberStateCode: 'KZ',
    });
    await addDirectoryEntry(app, coordinator, member);
    adminAccount = await createTestAccount(app, {
      email: 'admin@webhooks.example',
      role: Role.SECRETARIAT_ADMIN,
    });
    admin = (await signInTestAccount(app, adminAccount)).client;

    ({ system, systemSdk, systemDeviceId } = await ministrySystem(app, coordinator));
    hook = await receiver();
  });
  afterAll(async () => {
    await hook?.close();
    await app?.close();
  });

  it('POSTs a signed envelope; the SDK verifies it and decrypts it with the device keys', async () => {
    const { registerWebhook } = await system.query(REGISTER, { url: hook.url });
    expect(registerWebhook.secret).toMatch(/^whsec_/);
    // Sealed at rest: the secret is nowhere in the table.
    const stored = await withPgClient(app.database.ownerUrl, (client) =>
      client.query<{ secret_sealed: string }>('SELECT secret_sealed FROM webhook'),
    );
    expect(stored.rows[0].secret_sealed).not.toContain(registerWebhook.secret.slice(6));

    const sent = await fx.sent(tj, {
      to: { networkKey: 'law-enforcement' },
      body: content('Risk hit'),
    });
    const [post] = await eventually(() => (hook.posts.length > 0 ? hook.posts : undefined));
    expect(post.headers['fpn-webhook-timestamp']).toBe(
      String(Math.floor(app.clock.now().getTime() / 1000)),
    );
    const payload = verifyWebhook(post.headers, post.body, registerWebhook.secret, {
      toleranceSeconds: 300,
      now: app.clock.now(),
    });
    expect(payload).toMatchObject({ type: 'message', deviceId: systemDeviceId });
    expect(payload.message.id).toBe(sent.message.id);
    // Ciphertext only: the subject never crosses.
    expect(post.body).not.toContain('Risk hit');
    const opened = await openWebhookMessage(systemSdk.messaging, payload);
    expect(opened).toMatchObject({ status: 'ok', content: { subject: 'Risk hit' } });

    // A forged body, another secret or a replay later than the tolerance is refused.
    const refusal = (run: () => unknown) => {
      try {
        run();
        return null;
      } catch (error) {
        return (error as WebhookVerificationError).reason;
      }
    };
    expect(
      refusal(() =>
        verifyWebhook(
          post.headers,
          post.body.replace('"message"', '"massage"'),
          registerWebhook.secret,
          {
            now: app.clock.now(),
          },
        ),
      ),
    ).toBe('BAD_SIGNATURE');
    expect(
      refusal(() =>
        verifyWebhook(post.headers, post.body, registerWebhook.secret, {
          toleranceSeconds: 300,
          now: new Date(app.clock.now().getTime() + 600_000),
        }),
      ),
    ).toBe('TIMESTAMP_OUT_OF_TOLERANCE');

    // The 2xx confirmed delivery to the system's device: KZ's addressee counts as delivered.
    await eventually(async () =>
      (await webhookRows(app))[0]?.status === 'delivered' ? true : undefined,
    );
    const { messageStatus } = await tj.client.query(STATUS, { messageId: sent.message.id });
    expect(messageStatus.states).toEqual([
      { memberStateCode: 'KZ', recipients: 1, delivered: 1, acknowledged: 0, read: 0 },
    ]);
    expect((await admin.query(OPERATORS)).webhookDeliveryStatus).toMatchObject({
      pending: 0,
      failed: 0,
      delivered: 1,
    });
    await system.query(DELETE, { id: registerWebhook.webhook.id });
  });

  it('retries a failing receiver with backoff by the clock, then keeps it failed for operators', async () => {
    hook.state.status = 500;
    hook.posts.length = 0;
    const { registerWebhook } = await system.query(REGISTER, { url: hook.url });
    const start = app.clock.now();
    await fx.sent(tj, { to: { networkKey: 'law-enforcement' }, body: content('Second') });
    await eventually(async () => {
      const [row] = await webhookRows(app);
      return row?.attempts === 1 && row.last_error ? row : undefined;
    });
    const sweeper = app.worker!.get(WebhookRetrySweeper);
    const waits: number[] = [];
    for (let attempt = 2; attempt <= 4; attempt++) {
      const [before] = await webhookRows(app);
      waits.push(before.next_attempt_at.getTime() - app.clock.now().getTime());
      // Not yet due: a sweep queues nothing.
      await sweeper.sweep(app.clock.now());
      expect((await webhookRows(app))[0].attempts).toBe(attempt - 1);
      app.clock.set(before.next_attempt_at);
      await sweeper.sweep(app.clock.now());
      await eventually(async () =>
        (await webhookRows(app))[0].attempts === attempt ? true : undefined,
      );
    }
    // 30 s, then doubling.
    expect(waits).toEqual([30_000, 60_000, 120_000]);
    expect(hook.posts.length).toBe(4);
    expect(new Set(hook.posts.map((p) => p.headers['fpn-webhook-id'])).size).toBe(1);
    expect(hook.posts.map((p) => p.headers['fpn-webhook-attempt'])).toEqual(['1', '2', '3', '4']);

    // Past the 24 h window: failed, with the class of its last error, never content.
    app.clock.set(new Date(start.getTime() + 24 * 3_600_000 + 1_000));
    await sweeper.sweep(app.clock.now());
    expect(await webhookRows(app)).toMatchObject([{ status: 'failed', last_error: 'HTTP_500' }]);
    // A day later the administrator signs in again.
    admin = (await signInTestAccount(app, adminAccount)).client;
    // (The first webhook's deliveries went with it when it was deleted.)
    expect((await admin.query(OPERATORS)).webhookDeliveryStatus).toEqual({
      pending: 0,
      failed: 1,
      delivered: 0,
      failedByError: [{ error: 'HTTP_500', count: 1 }],
    });
    expect((await system.query(WEBHOOKS)).webhooks).toEqual([
      {
        id: registerWebhook.webhook.id,
        url: hook.url,
        pendingDeliveries: 0,
        failedDeliveries: 1,
        lastError: 'HTTP_500',
      },
    ]);
    // Operators only.
    await fx.refresh(tj);
    expect(await tj.client.errorCodes(OPERATORS)).toEqual(['FORBIDDEN']);
    expect(await system.errorCodes(OPERATORS)).toEqual(['FORBIDDEN']);

    // The receiver is back; an operator retries: delivered.
    hook.state.status = 204;
    expect((await admin.query(RETRY)).retryFailedWebhookDeliveries).toBe(1);
    await eventually(async () =>
      (await webhookRows(app))[0]?.status === 'delivered' ? true : undefined,
    );
    expect((await admin.query(OPERATORS)).webhookDeliveryStatus).toMatchObject({
      failed: 0,
      delivered: 1,
    });
  });
});

describe('webhook addresses: public HTTPS only, and only a credential manages its own', () => {
  let app: TestApp;
  let system: GraphqlTestClient;
  let unbound: GraphqlTestClient;
  let coordinatorClient: GraphqlTestClient;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ worker: false });
    const fx = messagingFixtures(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    const coordinator = await fx.person({
      role: Role.STATE_COORDINATOR,
      state: 'KZ',
      networks: member,
    });
    coordinatorClient = coordinator.client;
    const issue = async () =>
      (await coordinator.client.query(ISSUE, { operations: ['WEBHOOKS_MANAGE'] }))
        .issueApiCredential;
    const bound = await issue();
    await coordinator.client.query(BIND, {
      id: bound.credential.id,
      c: fx.certificate(
        coordinator,
        generateDeviceKeys(`customs-${randomBytes(4).toString('hex')}`),
      ),
    });
    system = new GraphqlTestClient(`${app.url}/graphql`).asBearer(bound.secret);
    unbound = new GraphqlTestClient(`${app.url}/graphql`).asBearer((await issue()).secret);
  });
  afterAll(() => app?.close());

  const refusal = async (client: GraphqlTestClient, url: string) => {
    const { errors } = await client.request(REGISTER, { url });
    return errors?.[0].extensions;
  };

  it('refuses private, loopback and link-local targets and plain http, storing nothing', async () => {
    for (const url of [
      'https://10.0.0.1/x',
      'https://[::1]/',
      'https://localhost/',
      'https://169.254.169.254/latest',
      'https://[fd12:3456::1]/hook',
      'https://[::ffff:127.0.0.1]/',
    ]) {
      expect(await refusal(system, url)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'url',
        reason: 'PRIVATE_TARGET',
      });
    }
    expect(await refusal(system, 'http://93.184.216.34/hook')).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'HTTPS_REQUIRED',
    });
    expect(await refusal(system, 'https://user:secret@93.184.216.34/')).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'CREDENTIALS_IN_URL',
    });
    const count = await withPgClient(app.database.ownerUrl, (client) =>
      client.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook'),
    );
    expect(count.rows[0].n).toBe(0);
  });

  it('needs a bound device, and is for credentials only', async () => {
    expect(await refusal(unbound, 'https://93.184.216.34/hook')).toMatchObject({
      code: 'CONFLICT',
      reason: 'NO_BOUND_DEVICE',
    });
    expect(await coordinatorClient.errorCodes(REGISTER, { url: 'https://93.184.216.34/' })).toEqual(
      ['FORBIDDEN'],
    );
    const { registerWebhook } = await system.query(REGISTER, { url: 'https://93.184.216.34/hook' });
    // Another credential's webhook does not exist for it.
    expect(await unbound.errorCodes(DELETE, { id: registerWebhook.webhook.id })).toEqual([
      'NOT_FOUND',
    ]);
    expect((await system.query(WEBHOOKS)).webhooks.map((w) => w.id)).toEqual([
      registerWebhook.webhook.id,
    ]);
  });
});
