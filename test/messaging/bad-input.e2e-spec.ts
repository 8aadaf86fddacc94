import { randomUUID } from 'node:crypto';
import { generateDeviceKeys, initCrypto, type EnvelopeJson } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import { QueueName, QueueProducer } from '@fpn/queue';
import {
  addDirectoryEntry,
  gql,
  type GraphqlResponse,
  startTestApp,
  type TestApp,
  withPgClient,
} from '@fpn/testing';
import { messagingFixtures, messagingRowCounts, type Party } from './messaging-fixtures';

const REVOKE = gql<{ revokeDevice: { status: string } }, { id: string }>`
  mutation ($id: String!) {
    revokeDevice(deviceId: $id) {
      status
    }
  }
`;

type Refusal = Record<string, unknown>;

/**
 * Every refusal of sendMessage: a clear code, and nothing stored or queued.
 * Without a worker, an outbox row would stay and be counted.
 */
describe('sendMessage refuses bad input and keeps nothing', () => {
  let app: TestApp;
  let fx: ReturnType<typeof messagingFixtures>;
  /** law-enforcement: KZ (two devices), TJ (two devices, one revoked). border-control: UZ. */
  let kz: Party;
  let tj: Party;
  let uz: Party & { entryId: string | null };
  let solo: Party;

  const flip = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
  const lawEnforcement = { networkKey: 'law-enforcement' };

  async function nothingKept() {
    const counts = await messagingRowCounts(app);
    const jobs = await app.api.get(QueueProducer).queue(QueueName.Messages).getJobCounts();
    return { counts, jobs: Object.values(jobs).reduce((sum, n) => sum + n, 0) };
  }

  const firstError = (response: GraphqlResponse<unknown>): Refusal =>
    (response.errors?.[0]?.extensions as Refusal | undefined) ?? { accepted: true };

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ worker: false, env: { MESSAGE_MAX_CIPHERTEXT_BYTES: '1024' } });
    fx = messagingFixtures(app);
    const member = { key: 'law-enforcement', role: 'primary' as const };
    kz = await fx.person({ role: Role.FOCAL_POINT, state: 'KZ', networks: [member], devices: 2 });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: [member], devices: 2 });
    await tj.client.query(REVOKE, { id: tj.devices[1].deviceId });
    uz = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'UZ',
      networks: [{ key: 'border-control' }],
    });
    solo = await fx.person({ role: Role.FOCAL_POINT, state: 'KG' });
    await withPgClient(app.database.ownerUrl, (client) =>
      client.query(
        `INSERT INTO network (key, name_en, name_ru) VALUES ('solo-network', 'Solo', 'Соло')`,
      ),
    );
    await addDirectoryEntry(app, solo.account, [{ key: 'solo-network' }]);
  });
  afterAll(() => app?.close());

  const devicesOf = (...parties: Party[]) =>
    parties.flatMap((p) =>
      p.devices.map((d) => ({ deviceId: d.deviceId, encryptionPublicKey: d.encryption.publicKey })),
    );

  /** What to try, and the refusal expected (computed once the parties exist). */
  const cases: [string, () => Promise<GraphqlResponse<unknown>>, Refusal | (() => Refusal)][] = [
    [
      'a malformed envelope',
      async () => (await fx.send(kz, { to: lawEnforcement, edit: () => '{"version":1}' })).response,
      { code: 'BAD_USER_INPUT', field: 'envelope', reason: 'CRYPTO_INVALID_FIELD' },
    ],
    [
      'a bad signature',
      async () =>
        (
          await fx.send(kz, {
            to: lawEnforcement,
            edit: (json: EnvelopeJson) => ({ ...json, signature: flip(json.signature) }),
          })
        ).response,
      { code: 'BAD_USER_INPUT', field: 'envelope', reason: 'CRYPTO_BAD_SIGNATURE' },
    ],
    [
      'a signature by another device than the one named',
      async () =>
        (
          await fx.send(kz, {
            to: lawEnforcement,
            device: { ...kz.devices[1], deviceId: kz.devices[0].deviceId },
            recipients: devicesOf(tj).slice(0, 1).concat(devicesOf(kz).slice(1)),
          })
        ).response,
      { code: 'BAD_USER_INPUT', reason: 'CRYPTO_BAD_SIGNATURE' },
    ],
    [
      'a sealed key missing',
      async () =>
        (
          await fx.send(kz, {
            to: lawEnforcement,
            recipients: devicesOf(tj).slice(0, 1),
          })
        ).response,
      () => ({
        code: 'CONFLICT',
        reason: 'RECIPIENT_DEVICES_MISMATCH',
        // The sender's own other device must receive it too.
        missingDevices: [kz.devices[1].deviceId],
        unexpectedDevices: [],
      }),
    ],
    [
      'a sealed key extra (a device nobody addressed)',
      async () =>
        (
          await fx.send(kz, {
            to: lawEnforcement,
            recipients: [...devicesOf(tj).slice(0, 1), ...devicesOf(kz).slice(1), ...devicesOf(uz)],
          })
        ).response,
      () => ({
        code: 'CONFLICT',
        reason: 'RECIPIENT_DEVICES_MISMATCH',
        missingDevices: [],
        unexpectedDevices: [uz.devices[0].deviceId],
      }),
    ],
    [
      'a sealed key for a revoked device',
      async () =>
        (
          await fx.send(kz, {
            to: lawEnforcement,
            recipients: [...devicesOf(tj), ...devicesOf(kz).slice(1)],
          })
        ).response,
      () => ({
        code: 'CONFLICT',
        reason: 'RECIPIENT_DEVICES_MISMATCH',
        missingDevices: [],
        unexpectedDevices: [tj.devices[1].deviceId],
      }),
    ],
    [
      'a revoked sender device',
      async () =>
        (
          await fx.send(tj, {
            to: lawEnforcement,
            device: tj.devices[1],
            recipients: devicesOf(kz),
          })
        ).response,
      { code: 'FORBIDDEN', reason: 'DEVICE_REVOKED' },
    ],
    [
      'a sender device of another account',
      async () =>
        (
          await fx.send(kz, {
            to: lawEnforcement,
            device: tj.devices[0],
            recipients: devicesOf(kz),
          })
        ).response,
      { code: 'FORBIDDEN', reason: 'SENDER_DEVICE_INVALID' },
    ],
    [
      'an unregistered sender device',
      async () =>
        (
          await fx.send(kz, {
            to: lawEnforcement,
            device: generateDeviceKeys('never-registered'),
            recipients: devicesOf(tj),
          })
        ).response,
      { code: 'FORBIDDEN', reason: 'SENDER_DEVICE_INVALID' },
    ],
    [
      'a recipient outside the network (a focal point of another network)',
      async () =>
        (
          await fx.send(kz, {
            to: { networkKey: 'law-enforcement', focalPointIds: [uz.entryId!] },
            recipients: devicesOf(uz),
          })
        ).response,
      () => ({ code: 'FORBIDDEN', reason: 'RECIPIENT_NOT_ALLOWED', focalPointIds: [uz.entryId] }),
    ],
    [
      'an account the sender may not address (no shared network, another state)',
      async () =>
        (await fx.send(uz, { to: { userId: kz.account.id }, recipients: devicesOf(kz) })).response,
      { code: 'FORBIDDEN', reason: 'RECIPIENT_NOT_ALLOWED' },
    ],
    [
      'a network the sender is not a member of',
      async () => (await fx.send(uz, { to: lawEnforcement, recipients: devicesOf(kz) })).response,
      { code: 'FORBIDDEN', reason: 'NOT_A_MEMBER' },
    ],
    [
      'an unknown network',
      async () =>
        (await fx.send(kz, { to: { networkKey: 'no-such-network' }, recipients: devicesOf(tj) }))
          .response,
      { code: 'NOT_FOUND' },
    ],
    [
      'an unknown member state',
      async () =>
        (
          await fx.send(kz, {
            to: { networkKey: 'law-enforcement', memberStateCodes: ['XX'] },
            recipients: devicesOf(tj),
          })
        ).response,
      { code: 'NOT_FOUND' },
    ],
    [
      'an oversized body',
      async () => (await fx.send(kz, { to: lawEnforcement, body: 'x'.repeat(1024) })).response,
      { code: 'BAD_USER_INPUT', field: 'envelope', reason: 'MESSAGE_TOO_LARGE', maxBytes: 1024 },
    ],
    [
      'a new thread without `to`',
      async () =>
        (await fx.send(kz, { threadId: randomUUID(), recipients: devicesOf(tj) })).response,
      { code: 'BAD_USER_INPUT', field: 'to' },
    ],
    [
      'a mixed address',
      async () =>
        (
          await fx.send(kz, {
            to: { networkKey: 'law-enforcement', userId: tj.account.id },
            recipients: devicesOf(tj),
          })
        ).response,
      { code: 'BAD_USER_INPUT', field: 'to' },
    ],
    [
      'nobody to send to',
      async () =>
        (await fx.send(solo, { to: { networkKey: 'solo-network' }, recipients: devicesOf(tj) }))
          .response,
      { code: 'BAD_USER_INPUT', reason: 'NO_RECIPIENTS' },
    ],
  ];

  for (const [name, attempt, expected] of cases) {
    const label =
      typeof expected === 'function'
        ? 'the devices or entries named'
        : `${String(expected.code)} ${String(expected.reason ?? expected.field ?? '')}`;
    it(`refuses ${name}: ${label}`, async () => {
      const before = await nothingKept();
      const refusal = firstError(await attempt());
      expect(refusal).toMatchObject(typeof expected === 'function' ? expected() : expected);
      expect(await nothingKept()).toEqual(before);
    });
  }

  it('stores nothing on any refusal, then stores one message once a send is right', async () => {
    const none = await nothingKept();
    expect(none.counts).toEqual({
      message_thread: 0,
      message_thread_participant: 0,
      message: 0,
      message_recipient: 0,
      message_delivery: 0,
      message_outbox: 0,
    });
    expect(none.jobs).toBe(0);
    const sent = await fx.sent(kz, { to: lawEnforcement });
    expect(sent.recipientDevices).toBe(2);
    expect((await nothingKept()).counts).toMatchObject({ message: 1, message_outbox: 1 });
  });

  it('refuses `to` for an existing thread and a reply to another thread’s message, keeping nothing', async () => {
    const first = await fx.sent(kz, { to: lawEnforcement });
    const other = await fx.sent(kz, { to: lawEnforcement });
    const before = await nothingKept();
    expect(
      firstError(
        (await fx.send(kz, { to: lawEnforcement, threadId: first.message.threadId })).response,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(
      firstError(
        (
          await fx.send(tj, {
            threadId: first.message.threadId,
            inReplyTo: other.message.id,
          })
        ).response,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inReplyTo' });
    // Someone who takes no part in the thread: as if it did not exist.
    expect(
      firstError(
        (
          await fx.send(uz, {
            threadId: first.message.threadId,
            recipients: devicesOf(kz),
          })
        ).response,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await nothingKept()).toEqual(before);
  });

  it('refuses a participant who has left the network: a network thread is its members’', async () => {
    const leaver = await fx.person({
      role: Role.FOCAL_POINT,
      state: 'KG',
      networks: [{ key: 'law-enforcement' }],
    });
    const first = await fx.sent(leaver, { to: lawEnforcement });
    await withPgClient(app.database.ownerUrl, (client) =>
      client.query(`UPDATE focal_point SET status = 'retired' WHERE user_id = $1`, [
        leaver.account.id,
      ]),
    );
    const before = await nothingKept();
    expect(
      firstError(
        (
          await fx.send(leaver, {
            threadId: first.message.threadId,
            recipients: devicesOf(kz, tj).filter((d) => d.deviceId !== tj.devices[1].deviceId),
          })
        ).response,
      ),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_MEMBER' });
    expect(await nothingKept()).toEqual(before);
    // The others still answer it; the creator, now someone they may not address (no shared
    // network, another state), is left out — the SDK could not read their keys anyway.
    const answer = await fx.sent(kz, { threadId: first.message.threadId });
    expect(answer.recipientAccounts).toBe(1);
  });

  it('lets the application role change no message and remove no delivery', async () => {
    await withPgClient(app.database.appUrl, async (client) => {
      for (const statement of [
        'UPDATE message SET envelope = envelope',
        'DELETE FROM message',
        'DELETE FROM message_delivery',
        'DELETE FROM message_recipient',
        'DELETE FROM message_thread',
        'TRUNCATE message_outbox',
      ]) {
        await expect(client.query(statement)).rejects.toThrow(/permission denied/);
      }
    });
  });
});
