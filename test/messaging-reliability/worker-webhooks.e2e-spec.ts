import { initCrypto } from '@fpn/crypto';
import { openWebhookMessage, verifyWebhook } from '@fpn/client';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  eventually,
  startTestApp,
  startWorkerReplica,
  type TestApp,
  type WorkerReplica,
} from '@fpn/testing';
import { messagingFixtures } from '../messaging/messaging-fixtures';
import { ministrySystem, receiver, REGISTER } from '../messaging/webhook-fixtures';

/**
 * A webhook delivered by a worker running as its own process, as `npm start`
 * runs it — not the tests' in-process worker, whose process the test set up
 * (libsodium included). The body shows the sender device's keys in base64url.
 */
describe('a ministry webhook delivered by a worker process of its own', () => {
  let app: TestApp;
  let worker: WorkerReplica;
  let hook: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({
      worker: false,
      env: { MESSAGE_RELAY_POLL_MS: '200', WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' },
    });
    // The worker process runs on the system clock.
    app.clock.set(new Date());
    worker = await startWorkerReplica(app);
    hook = await receiver();
  });
  afterAll(async () => {
    await hook?.close();
    await worker?.close();
    await app?.close();
  });

  it('POSTs the signed envelope, which the ministry system verifies and opens', async () => {
    const fx = messagingFixtures(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    const tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member });
    const coordinator = await createTestAccount(app, {
      email: 'coordinator.kz@worker-webhooks.example',
      role: Role.STATE_COORDINATOR,
      memberStateCode: 'KZ',
    });
    await addDirectoryEntry(app, coordinator, member);
    const { system, systemSdk, systemDeviceId } = await ministrySystem(app, coordinator);
    const { registerWebhook } = await system.query(REGISTER, { url: hook.url });

    const subject = JSON.stringify({ v: 1, subject: 'Seizure', text: 'Khorgos, 02:40.' });
    const sent = await fx.sent(tj, { to: { networkKey: 'law-enforcement' }, body: subject });
    const [post] = await eventually(() => (hook.posts.length > 0 ? hook.posts : undefined), 20_000);
    const payload = verifyWebhook(post.headers, post.body, registerWebhook.secret, {
      toleranceSeconds: 300,
      now: new Date(),
    });
    expect(payload).toMatchObject({ type: 'message', deviceId: systemDeviceId });
    expect(payload.message.id).toBe(sent.message.id);
    expect(await openWebhookMessage(systemSdk.messaging, payload)).toMatchObject({
      status: 'ok',
      content: { subject: 'Seizure' },
    });
    expect(worker.stdout).not.toContain('initCrypto');
  });
});
