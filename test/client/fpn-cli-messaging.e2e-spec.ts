import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  eventuallyPasses,
  startTestApp,
  type TestAccount,
  type TestApp,
} from '@fpn/testing';
import { fpn, json, startFpn } from './fpn-process';

/**
 * The README's walk-through, as two people do it: focal points of Kazakhstan
 * and Tajikistan exchange an encrypted message with `fpn`, each in their own
 * process and home; then Tajikistan reads the thread on a device restored
 * from the backup.
 */
describe('fpn: two focal points exchange an encrypted message', () => {
  let app: TestApp;
  let kz: TestAccount;
  let tj: TestAccount;
  const homes: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    kz = await createTestAccount(app, {
      email: 'nurlan.abenov@cli-msg.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    tj = await createTestAccount(app, {
      email: 'dilnoza.rahimova@cli-msg.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'TJ',
    });
    await addDirectoryEntry(app, kz, [{ key: 'law-enforcement' }]);
    await addDirectoryEntry(app, tj, [{ key: 'law-enforcement' }]);
    for (const name of ['kz', 'tj', 'tjRestored']) {
      homes[name] = await mkdtemp(path.join(tmpdir(), `fpn-${name}-`));
    }
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(Object.values(homes).map((home) => rm(home, { recursive: true })));
  });

  const as = (who: 'kz' | 'tj' | 'tjRestored', args: string[], stdin?: string) =>
    fpn(homes[who], args, stdin);
  const login = (who: 'kz' | 'tj' | 'tjRestored', account: TestAccount) =>
    as(who, ['login', '--server', app.url, '--email', account.email], `${account.password}\n`);

  it('send, inbox, read, reply, ack, status, watch — and the history on a restored device', async () => {
    expect((await login('kz', kz)).status).toBe(0);
    expect((await login('tj', tj)).status).toBe(0);
    expect((await as('kz', ['keys', 'init'])).status).toBe(0);
    expect((await as('tj', ['keys', 'init'])).status).toBe(0);
    const { recoveryKey } = json(await as('tj', ['keys', 'backup', '--json'])) as {
      recoveryKey: string;
    };

    // Tajikistan watches live.
    const watch = startFpn(homes.tj, ['watch']);
    await eventuallyPasses(() => expect(watch.output.err).toContain('Watching for messages'));

    // Never seen before: without a terminal to ask, the CLI wants --accept-new.
    const undecided = await as('kz', [
      'send',
      '--network',
      'law-enforcement',
      '--category',
      'alert',
      '--priority',
      'urgent',
      '--subject',
      'Stolen vehicle',
      '--text',
      'Toyota Land Cruiser, KZ 777 ABC, heading south.',
    ]);
    expect(undecided.status).toBe(2);
    expect(undecided.err).toContain('CLIENT_NEW_IDENTITY');

    const sent = json(
      await as('kz', [
        'send',
        '--network',
        'law-enforcement',
        '--category',
        'alert',
        '--priority',
        'urgent',
        '--handling',
        'H2',
        '--reliability',
        'B',
        '--accuracy',
        '2',
        '--subject',
        'Stolen vehicle',
        '--text',
        'Toyota Land Cruiser, KZ 777 ABC, heading south.',
        '--accept-new',
        '--json',
      ]),
    ) as { messageId: string; threadId: string; recipientDevices: number };
    expect(sent.recipientDevices).toBe(1);

    await eventuallyPasses(() => expect(watch.output.out).toContain(`${sent.messageId}`));
    expect(watch.output.out).toContain('[ALERT URGENT H2 B 2]  Stolen vehicle');
    expect(await watch.stop()).toBe(0);
    // Shown once: watch confirmed it, so the inbox has nothing new.
    expect((await as('tj', ['inbox'])).out).toBe('No new messages.\n');

    const read = await as('tj', ['read', sent.messageId]);
    expect(read.status).toBe(0);
    expect(read.out).toContain('Toyota Land Cruiser, KZ 777 ABC, heading south.');
    expect((await as('tj', ['ack', sent.messageId])).status).toBe(0);

    const replied = json(
      await as('tj', [
        'reply',
        sent.messageId,
        '--text',
        'Seen at Dusti checkpoint 14:10.',
        '--json',
      ]),
    ) as { messageId: string; threadId: string };
    expect(replied.threadId).toBe(sent.threadId);

    const kzInbox = await as('kz', ['inbox']);
    expect(kzInbox.out).toContain(`${replied.messageId}`);
    expect(kzInbox.out).toContain('Re: Stolen vehicle');

    const status = await as('kz', ['status', sent.messageId, '--json']);
    expect(json(status)).toEqual({
      messageId: sent.messageId,
      states: [{ memberStateCode: 'TJ', recipients: 1, delivered: 1, acknowledged: 1, read: 1 }],
    });

    // Tajikistan on a new device, restored from the recovery key, reads the whole thread.
    expect((await login('tjRestored', tj)).status).toBe(0);
    expect((await as('tjRestored', ['keys', 'restore'], `${recoveryKey}\n`)).status).toBe(0);
    const thread = await as('tjRestored', ['thread', sent.threadId]);
    expect(thread.status).toBe(0);
    expect(thread.out).toContain('Toyota Land Cruiser, KZ 777 ABC, heading south.');
    expect(thread.out).toContain('Seen at Dusti checkpoint 14:10.');
    expect(thread.out).not.toMatch(/FORGED|UNDECRYPTABLE/);
  });
});
