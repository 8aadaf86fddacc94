import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { initCrypto } from '@fpn/crypto';
import {
  type ApiReplica,
  dumpAllTables,
  dumpRedisKeys,
  eventually,
  startApiReplica,
  startTogether,
  startWorkerReplica,
  type TestApp,
  type WorkerReplica,
} from '@fpn/testing';
import {
  clientAt,
  type DeviceInbox,
  enrolMember,
  expectNetworkAudience,
  formsIn,
  leakForms,
  NETWORK,
  type LiveSocket,
  type Member,
  openInboxes,
  outboxBacklog,
  receptionProblems,
  Roster,
  sealMessage,
  SEND_MESSAGE,
  sendSealed,
  startReliabilityApp,
  untilEveryDeviceHasEverything,
} from './fixtures';

/**
 * A random canary in message bodies (encrypted by the sender's device, here
 * the test) must never reach the server's storage or logs in any form: not a
 * PostgreSQL table, not a Redis key, value or pub/sub message of the app's
 * prefix, not a log line of the api or the worker at LOG_LEVEL debug —
 * whichever replica sent or delivered it, and on refused sends too.
 */
describe('a canary in a message body', () => {
  const canary = `canary-${randomBytes(20).toString('hex')}`;
  const logDir = path.join(tmpdir(), `fpn-canary-${randomBytes(4).toString('hex')}`);
  const logFile = path.join(logDir, 'app.log');
  let app: TestApp;
  let replica: ApiReplica;
  let worker: WorkerReplica;
  let subscriber: Redis;
  const published: { channel: string; message: Buffer }[] = [];
  let roster: Roster;
  let sender: Member;
  let inboxes: DeviceInbox[];
  let sockets: LiveSocket[];

  beforeAll(async () => {
    await initCrypto();
    // The in-process api and worker log to a file; the replicas' stdout is kept by the harness.
    app = await startReliabilityApp({ env: { LOG_LEVEL: 'debug', LOG_FILE: logFile } });
    [replica, worker] = await startTogether([startApiReplica(app), startWorkerReplica(app)]);
    // Everything published under the prefix, as it crosses Redis.
    subscriber = new Redis(app.config.redis.url);
    await subscriber.psubscribe(`${app.config.redis.prefix}:*`);
    subscriber.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) =>
      published.push({ channel: channel.toString(), message }),
    );
    let onReplica: Member;
    let inProcess: Member;
    [sender, onReplica, inProcess] = await Promise.all([
      enrolMember(app, { state: 'KZ', devices: 2 }),
      enrolMember(app, { state: 'RU', devices: 1 }),
      enrolMember(app, { state: 'TR', devices: 1 }),
    ]);
    roster = new Roster([sender, onReplica, inProcess]);
    await expectNetworkAudience(roster, sender);
    const here = openInboxes(roster, app.url, [inProcess]);
    const there = openInboxes(roster, replica.url, [sender, onReplica]);
    inboxes = [...here.inboxes, ...there.inboxes].filter(
      (inbox) => inbox.device !== sender.devices[0],
    );
    sockets = [...here.sockets, ...there.sockets];
  });
  afterAll(async () => {
    await Promise.all((sockets ?? []).map((socket) => socket.close()));
    subscriber?.disconnect();
    await Promise.all([replica?.close(), worker?.close()]);
    await app?.close();
    await rm(logDir, { recursive: true, force: true });
  });

  it('is read by every recipient and found nowhere on the server', async () => {
    const first = sealMessage({
      from: sender.devices[0],
      to: roster.recipientsOf(sender.devices[0]),
      subject: `subject ${canary}`,
      text: `Seizure report ${canary}: 40 kg at the border post.`,
    });
    const reply = sealMessage({
      from: sender.devices[1],
      to: roster.recipientsOf(sender.devices[1]),
      threadId: first.threadId,
      text: `Follow-up ${canary}`,
    });
    await sendSealed(sender.client, first);
    const replied = await clientAt(sender, replica.url).query(SEND_MESSAGE, {
      input: { envelope: reply.envelope, inReplyTo: first.messageId },
    });
    expect(replied.sendMessage.duplicate).toBe(false);

    // Refused sends carry it too: the same id with other content, and a broken signature.
    const sameIdOtherContent = sealMessage({
      from: sender.devices[0],
      to: roster.recipientsOf(sender.devices[0]),
      messageId: first.messageId,
      threadId: first.threadId,
      text: `Changed ${canary}`,
    });
    const conflict = await sender.client.request(SEND_MESSAGE, {
      input: { envelope: sameIdOtherContent.envelope },
    });
    expect(conflict.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const forged = JSON.parse(
      sealMessage({
        from: sender.devices[0],
        to: roster.recipientsOf(sender.devices[0]),
        text: `Forged ${canary}`,
      }).envelope,
    ) as { signature: string };
    forged.signature = `${forged.signature.startsWith('A') ? 'B' : 'A'}${forged.signature.slice(1)}`;
    const badSignature = await clientAt(sender, replica.url).request(SEND_MESSAGE, {
      input: { envelope: JSON.stringify(forged), to: { networkKey: NETWORK } },
    });
    expect(badSignature.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    // Every recipient decrypts it: the canary was really in what was sent.
    await untilEveryDeviceHasEverything(inboxes, [first, reply], { catchUpUrl: app.url });
    for (const message of [first, reply]) {
      for (const inbox of inboxes.filter((i) => message.recipients.includes(i.device.deviceId))) {
        expect(inbox.messages.get(message.messageId)).toContain(canary);
      }
    }
    expect(receptionProblems(inboxes, sockets)).toEqual([]);
    await eventually(async () => ((await outboxBacklog(app)).pending === 0 ? true : undefined));

    const forms = leakForms(canary);
    const ciphertext = (JSON.parse(first.envelope) as { ciphertext: string }).ciphertext;

    const tables = await dumpAllTables(app.database.ownerUrl);
    const tableText = tables.map((t) => ({
      table: `${t.schema}.${t.table}`,
      text: t.rows.join('\n'),
    }));
    // Named with the forms found, so a failure says where and how without printing the rows.
    expect(
      tableText
        .map(({ table, text }) => ({ table, leaked: formsIn(text, forms) }))
        .filter(({ leaked }) => leaked.length > 0),
    ).toEqual([]);
    // The dump does hold the messages: the envelope, ciphertext and all, is stored.
    expect(tableText.some(({ text }) => text.includes(ciphertext))).toBe(true);

    const keys = await dumpRedisKeys(app.config.redis.url, app.config.redis.prefix);
    expect(keys.length).toBeGreaterThan(0);
    const leakingKeys = keys.filter(
      (key) =>
        formsIn(key.key, forms).length > 0 ||
        key.values.some((value) => formsIn(value, forms).length > 0) ||
        (key.serialized !== null && formsIn(key.serialized, forms).length > 0),
    );
    expect(leakingKeys.map((key) => key.key)).toEqual([]);
    expect(
      published
        .filter(({ message }) => formsIn(message, forms).length > 0)
        .map(({ channel }) => channel),
    ).toEqual([]);
    // The fan-out crossed Redis while we listened: the ciphertext went by, the canary did not.
    expect(published.some(({ message }) => message.includes(ciphertext))).toBe(true);

    const logs = {
      'in-process api and worker (LOG_FILE)': await readFile(logFile, 'utf8'),
      'api replica stdout': replica.stdout,
      'api replica stderr': replica.stderr,
      'worker replica stdout': worker.stdout,
      'worker replica stderr': worker.stderr,
    };
    for (const [source, text] of Object.entries(logs)) {
      expect({ source, leaked: formsIn(text, forms) }).toEqual({ source, leaked: [] });
    }
    // The logs were written: every request on both replicas, the workers' own lines.
    expect(logs['in-process api and worker (LOG_FILE)']).toContain('"msg":"request completed"');
    expect(replica.stdout).toContain('"msg":"request completed"');
    expect(worker.stdout).toContain('"service":"worker"');
  });
});
