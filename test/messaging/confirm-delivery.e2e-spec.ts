import type { Client } from 'pg';
import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import { MESSAGE_ORDER_LOCK_KEY, type MessagingCaller, Receipts } from '@fpn/messaging';
import { gql, startTestApp, type TestApp, withPgClient } from '@fpn/testing';
import { CONFIRM, INBOX, messagingFixtures, type Party } from './messaging-fixtures';

const REVOKE = gql<{ revokeDevice: { status: string } }, { id: string }>`
  mutation ($id: String!) {
    revokeDevice(deviceId: $id) {
      status
    }
  }
`;

/** The next values the message sequence and the delivery ids (the devices' cursors) would give. */
async function drawn(client: Client): Promise<{ message: string; delivery: string }> {
  const { rows } = await client.query<{ message: string; delivery: string }>(
    `SELECT (SELECT last_value FROM message_seq_seq)::text AS message,
            (SELECT last_value FROM message_delivery_id_seq)::text AS delivery`,
  );
  return rows[0];
}

/**
 * Delivery cursors. A send takes its message's sequence number and its
 * deliveries' cursors only while it holds the ordering lock (kept to commit),
 * so cursors are taken in commit order: a device that read up to a cursor
 * never later finds a row below it (docs/messaging.md). confirmDelivery: one
 * statement reads the device and marks its deliveries, for every confirmation
 * that arrived while the previous statement ran.
 */
describe('delivery cursors: taken in commit order, confirmed per device', () => {
  let app: TestApp;
  let kz: Party;
  let tj: Party;
  let fx: ReturnType<typeof messagingFixtures>;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ worker: false });
    fx = messagingFixtures(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    kz = await fx.person({ role: Role.FOCAL_POINT, state: 'KZ', networks: member });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member, devices: 3 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('confirms nothing for a device that is not yours, or that was revoked', async () => {
    const sent = await fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
    const [own, , revoked] = tj.devices.map((device) => device.deviceId);
    const upTo = (await tj.client.request(INBOX, { deviceId: own })).data!.inbox.endCursor!;
    const unconfirmed = () =>
      withPgClient(app.database.ownerUrl, async (client) => {
        const { rows } = await client.query<{ device_id: string }>(
          `SELECT device_id FROM message_delivery
            WHERE message_id = $1 AND delivered_at IS NULL`,
          [sent.message.id],
        );
        return rows.map((row) => row.device_id).sort();
      });
    const before = await unconfirmed();
    expect(before).toEqual(tj.devices.map((device) => device.deviceId).sort());

    expect(await kz.client.errorCodes(CONFIRM, { deviceId: own, upTo })).toEqual(['NOT_FOUND']);
    expect(await tj.client.errorCodes(CONFIRM, { deviceId: 'no-such-device', upTo })).toEqual([
      'NOT_FOUND',
    ]);
    await tj.client.query(REVOKE, { id: revoked });
    const refused = await tj.client.request(CONFIRM, { deviceId: revoked, upTo });
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'DEVICE_REVOKED',
    });
    expect(await unconfirmed()).toEqual(before);

    expect((await tj.client.query(CONFIRM, { deviceId: own, upTo })).confirmDelivery).toBe(1);
    expect(await unconfirmed()).toEqual(before.filter((id) => id !== own));
  });

  it('written together, each confirmation answers for itself alone', async () => {
    const first = await fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
    const second = await fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
    const [a, b] = tj.devices.map((device) => device.deviceId);
    const cursors = async (deviceId: string) =>
      new Map(
        (await tj.client.query(INBOX, { deviceId })).inbox.items.map((item) => [
          item.message.id,
          item.cursor,
        ]),
      );
    const [ofA, ofB] = [await cursors(a), await cursors(b)];
    const caller = (party: Party, memberStateCode: string): MessagingCaller => ({
      kind: 'account',
      userId: party.account.id,
      role: Role.FOCAL_POINT,
      memberStateCode,
      secretariat: false,
    });
    const receipts = app.api.get(Receipts);
    // In one turn: the first goes alone, the others wait for it and go together.
    const answers = await Promise.allSettled([
      receipts.confirmDelivery(caller(tj, 'TJ'), a, ofA.get(first.message.id)!),
      receipts.confirmDelivery(caller(tj, 'TJ'), a, ofA.get(second.message.id)!),
      receipts.confirmDelivery(caller(kz, 'KZ'), b, ofB.get(second.message.id)!),
      receipts.confirmDelivery(caller(tj, 'TJ'), b, ofB.get(first.message.id)!),
      receipts.confirmDelivery(caller(tj, 'TJ'), 'x'.repeat(129), ofB.get(first.message.id)!),
      receipts.confirmDelivery(caller(tj, 'TJ'), b, ofB.get(second.message.id)!),
    ]);
    expect(
      answers.map((answer) =>
        answer.status === 'fulfilled'
          ? answer.value
          : ((answer.reason as { code?: string }).code ?? String(answer.reason)),
      ),
    ).toEqual([1, 1, 'NOT_FOUND', 2, 'NOT_FOUND', 1]); // b also had the first test's message
    const left = await withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM message_delivery
          WHERE message_id = ANY($1) AND device_id = ANY($2) AND delivered_at IS NULL`,
        [
          [first.message.id, second.message.id],
          [a, b],
        ],
      );
      return rows[0].n;
    });
    expect(left).toBe(0);
  });

  it('draws no sequence number and no cursor until the ordering lock is its own', async () => {
    await fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
    await withPgClient(app.database.ownerUrl, async (holder) => {
      const before = await drawn(holder);
      await holder.query('SELECT pg_advisory_lock($1)', [MESSAGE_ORDER_LOCK_KEY]);
      const sending = fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
      // The send's transaction is now waiting for the lock.
      for (let waited = 0; ; waited += 20) {
        const { rows } = await holder.query<{ waiting: string }>(
          `SELECT count(*)::text AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        if (rows[0].waiting === '1') break;
        if (waited > 10_000) throw new Error('the send never waited for the ordering lock');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await drawn(holder)).toEqual(before);
      await holder.query('SELECT pg_advisory_unlock($1)', [MESSAGE_ORDER_LOCK_KEY]);
      const sent = await sending;
      const after = await drawn(holder);
      expect(BigInt(after.message)).toBe(BigInt(before.message) + 1n);
      // One cursor for each of the network's devices.
      expect(BigInt(after.delivery) - BigInt(before.delivery)).toBe(BigInt(sent.recipientDevices));
    });
  });
});
