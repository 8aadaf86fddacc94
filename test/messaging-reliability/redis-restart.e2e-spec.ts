import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initCrypto } from '@fpn/crypto';
import { eventually, startPrivateRedis, type PrivateRedis, type TestApp } from '@fpn/testing';
import {
  type DeviceInbox,
  enrolMember,
  expectNetworkAudience,
  expectOneDeliveryRowEach,
  type LiveSocket,
  type Member,
  messageRowCounts,
  openInboxes,
  type Outgoing,
  outboxBacklog,
  receptionProblems,
  Roster,
  sealMessage,
  sendSealed,
  startReliabilityApp,
  untilEveryDeviceHasEverything,
  untilPushedEverywhere,
} from './fixtures';

/**
 * Redis stopped (cleanly, then killed) while messages are sent: PostgreSQL is
 * the source of truth, so sends are still accepted, and once Redis is back the
 * outbox is relayed, the fan-out resumes, and every device has every message.
 * The app runs on a redis-server of this file's own.
 */
describe('Redis stopped while messages are sent, then restarted', () => {
  // What the app says while Redis is away (a line per reconnect attempt) goes here, not into jest's output.
  const logDir = path.join(tmpdir(), `fpn-redis-restart-${randomBytes(4).toString('hex')}`);
  let redis: PrivateRedis;
  let app: TestApp;
  let roster: Roster;
  let sender: Member;
  let live: DeviceInbox[];
  let offline: DeviceInbox[];
  let sockets: LiveSocket[];

  beforeAll(async () => {
    await initCrypto();
    redis = await startPrivateRedis();
    app = await startReliabilityApp({
      env: { REDIS_URL: redis.url, LOG_FILE: path.join(logDir, 'app.log') },
    });
    let watching: Member;
    let away: Member;
    [sender, watching, away] = await Promise.all([
      enrolMember(app, { state: 'KZ', devices: 2 }),
      enrolMember(app, { state: 'KG', devices: 2 }),
      enrolMember(app, { state: 'TJ', devices: 1 }),
    ]);
    roster = new Roster([sender, watching, away]);
    await expectNetworkAudience(roster, sender);
    // The sender's other device and KG's two watch live; TJ's device is offline and catches up.
    ({ inboxes: live, sockets } = openInboxes(roster, app.url, [sender, watching]));
    ({ inboxes: offline } = openInboxes(roster, undefined, [away]));
    live = live.filter((inbox) => inbox.device !== sender.devices[0]);
    await sendUntilPushed('before the outage');
  });
  afterAll(async () => {
    await Promise.all((sockets ?? []).map((socket) => socket.close()));
    // The app removes its keys on close: Redis must be up for that.
    if (redis && !redis.running) await redis.start();
    await app?.close();
    await redis?.close();
    await rm(logDir, { recursive: true, force: true });
  });

  const compose = (text: string) =>
    sealMessage({
      from: sender.devices[0],
      to: roster.recipientsOf(sender.devices[0]),
      text,
    });

  /** Sends until one message is pushed live to every watching device (subscriptions may lag). */
  async function sendUntilPushed(text: string, timeoutMs = 15_000): Promise<Outgoing[]> {
    const sent: Outgoing[] = [];
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const outgoing = compose(`${text} ${sent.length}`);
      await sendSealed(sender.client, outgoing);
      sent.push(outgoing);
      const left = deadline - performance.now();
      try {
        await untilPushedEverywhere(live, outgoing.messageId, Math.min(2_000, Math.max(left, 1)));
        return sent;
      } catch (error) {
        if (performance.now() > deadline) throw error;
      }
    }
  }

  /** Sends while Redis is down: each must be accepted, promptly, as committed in PostgreSQL. */
  async function sendDuringOutage(count: number, label: string): Promise<Outgoing[]> {
    const sent: Outgoing[] = [];
    for (let i = 0; i < count; i += 1) {
      const outgoing = compose(`${label} ${i}`);
      const started = performance.now();
      const response = await sendSealed(sender.client, outgoing);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(response).toMatchObject({
        duplicate: false,
        recipientDevices: outgoing.recipients.length,
        message: { id: outgoing.messageId },
      });
      sent.push(outgoing);
    }
    const rows = await messageRowCounts(
      app,
      sent.map((message) => message.messageId),
    );
    expect([...rows.values()]).toEqual(sent.map(() => 1));
    return sent;
  }

  /** After the restart: the outbox drains, every device has every message, each listed once. */
  async function expectEverythingDelivered(sent: Outgoing[]) {
    await eventually(
      async () => ((await outboxBacklog(app)).pending === 0 ? true : undefined),
      20_000,
    );
    expect(await outboxBacklog(app)).toEqual({ pending: 0, failed: 0 });
    const everyone = [...live, ...offline];
    await untilEveryDeviceHasEverything(everyone, sent, { catchUpUrl: app.url, timeoutMs: 10_000 });
    for (const inbox of everyone) {
      await inbox.catchUp(app.url);
      expect(inbox.listedTwice).toEqual([]);
    }
    await expectOneDeliveryRowEach(app, sent);
    expect(receptionProblems(everyone, sockets)).toEqual([]);
    // Live again: a message sent now is pushed to the devices that stayed connected.
    await sendUntilPushed('after the restart');
  }

  it('accepts sends while Redis is stopped and delivers all of them once it is back', async () => {
    await redis.stop('SIGTERM');
    const sent = await sendDuringOutage(8, 'during a clean stop');
    expect((await outboxBacklog(app)).pending).toBe(sent.length);
    // Let the relay find Redis away at least once before it returns.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await redis.start();
    await expectEverythingDelivered(sent);
  });

  it('does the same when Redis crashes (kill -9) instead', async () => {
    await redis.stop('SIGKILL');
    const sent = await sendDuringOutage(8, 'during a crash');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await redis.start();
    await expectEverythingDelivered(sent);
  });
});
