import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  accountOrderLock,
  encodeDeliveryCursor,
  MESSAGE_ORDER_LOCK_CLASS,
  messageOrderLocks,
  type MessagingCaller,
  Receipts,
} from '@fpn/messaging';
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
 * deliveries' cursors only while it holds the ordering locks of its thread
 * and of every account it reaches (kept to commit), so a device's cursors are
 * taken in commit order: a device that read up to a cursor never later finds
 * a row below it (docs/messaging.md). Sends to other accounts do not wait. confirmDelivery: one
 * statement reads the device and moves its mark, for every confirmation
 * that arrived while the previous statement ran.
 */
describe('delivery cursors: taken in commit order, confirmed per device', () => {
  let app: TestApp;
  let kz: Party;
  let tj: Party;
  let kg: Party;
  let uz: Party;
  let fx: ReturnType<typeof messagingFixtures>;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ worker: false });
    fx = messagingFixtures(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    kz = await fx.person({ role: Role.FOCAL_POINT, state: 'KZ', networks: member });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member, devices: 3 });
    const border = [{ key: 'border-control', role: 'primary' as const }];
    kg = await fx.person({ role: Role.FOCAL_POINT, state: 'KG', networks: border });
    uz = await fx.person({ role: Role.FOCAL_POINT, state: 'UZ', networks: border });
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
          `SELECT device_id FROM message_delivery_state
            WHERE message_id = $1 AND NOT confirmed`,
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
        `SELECT count(*)::int AS n FROM message_delivery_state
          WHERE message_id = ANY($1) AND device_id = ANY($2) AND NOT confirmed`,
        [
          [first.message.id, second.message.id],
          [a, b],
        ],
      );
      return rows[0].n;
    });
    expect(left).toBe(0);
  });

  /** Holds ordering locks (by name, as a send takes them) while `during` runs. */
  async function holding(locks: string[], during: (holder: Client) => Promise<void>) {
    await withPgClient(app.database.ownerUrl, async (holder) => {
      await holder.query('BEGIN');
      for (const lock of locks) {
        await holder.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          MESSAGE_ORDER_LOCK_CLASS,
          lock,
        ]);
      }
      try {
        await during(holder);
      } finally {
        await holder.query('ROLLBACK');
      }
    });
  }

  /** Until `count` sends' transactions wait for an ordering lock (at most 10 s). */
  async function sendsWaiting(holder: Client, count: number) {
    for (let waited = 0; ; waited += 20) {
      const { rows } = await holder.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
      );
      if (rows[0].waiting === count) return;
      if (waited > 10_000)
        throw new Error(`${rows[0].waiting} sends wait for a lock, not ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('confirms up to what the device was sent, never past it and never back', async () => {
    const [, own] = tj.devices.map((device) => device.deviceId);
    const first = await fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
    const confirmed = (messageId: string) =>
      withPgClient(app.database.ownerUrl, async (client) => {
        const { rows } = await client.query<{ confirmed: boolean }>(
          `SELECT confirmed FROM message_delivery_state WHERE message_id = $1 AND device_id = $2`,
          [messageId, own],
        );
        return rows[0].confirmed;
      });
    const firstCursor = (await tj.client.query(INBOX, { deviceId: own })).inbox.items.find(
      (item) => item.message.id === first.message.id,
    )!.cursor;
    // A cursor far past anything sent: it confirms what the device has, nothing to come
    // (the earlier tests' messages it had confirmed already).
    const beyond = encodeDeliveryCursor('9000000000000');
    const confirm = (upTo: string) => tj.client.query(CONFIRM, { deviceId: own, upTo });
    expect((await confirm(beyond)).confirmDelivery).toBe(1);
    expect(await confirmed(first.message.id)).toBe(true);

    const second = await fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
    expect(await confirmed(second.message.id)).toBe(false);
    expect((await confirm(firstCursor)).confirmDelivery).toBe(0);
    expect(await confirmed(first.message.id)).toBe(true);
    expect((await confirm(beyond)).confirmDelivery).toBe(1);
    expect(await confirmed(second.message.id)).toBe(true);
  });

  it('draws no sequence number and no cursor until it holds the lock of every account it reaches', async () => {
    await fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
    let sending: ReturnType<typeof fx.sent> | undefined;
    let before: Awaited<ReturnType<typeof drawn>> | undefined;
    await holding([accountOrderLock(tj.account.id)], async (holder) => {
      before = await drawn(holder);
      sending = fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
      await sendsWaiting(holder, 1); // for tj's lock
      expect(await drawn(holder)).toEqual(before);
    });
    const sent = await sending!;
    const after = await withPgClient(app.database.ownerUrl, drawn);
    expect(BigInt(after.message)).toBe(BigInt(before!.message) + 1n);
    // One cursor for each of the network's devices.
    expect(BigInt(after.delivery) - BigInt(before!.delivery)).toBe(BigInt(sent.recipientDevices));
  });

  it('lets a send to other accounts through while a send to law enforcement holds its locks', async () => {
    const thread = 'a-thread-to-law-enforcement';
    await holding(messageOrderLocks(thread, [kz.account.id, tj.account.id]), async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('the send waited for another account’s lock')),
          10_000,
        );
      });
      const sent = await Promise.race([
        fx.sent(kg, { to: { networkKey: 'border-control' } }),
        timeout,
      ]).finally(() => clearTimeout(timer));
      expect(sent.recipientAccounts).toBe(1); // uz
      const inbox = (await uz.client.request(INBOX, { deviceId: uz.devices[0].deviceId })).data!
        .inbox.items;
      expect(inbox.map((item) => item.message.id)).toContain(sent.message.id);
    });
  });

  it('writes one of two sends racing with one message id, and nothing of the other (not its new thread)', async () => {
    const messageId = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    const to = { networkKey: 'law-enforcement' };
    let racing: Promise<Awaited<ReturnType<typeof fx.send>>[]> | undefined;
    await holding([accountOrderLock(tj.account.id)], async (holder) => {
      // Both pass the check for an earlier message with this id, then wait for the lock.
      racing = Promise.all([
        fx.send(kz, { to, messageId, threadId: first, body: 'one' }),
        fx.send(kz, { to, messageId, threadId: second, body: 'two' }),
      ]);
      await sendsWaiting(holder, 2);
    });
    const answers = (await racing!).map(({ response }) =>
      response.errors ? response.errors[0].extensions?.reason : 'SENT',
    );
    expect(answers.sort()).toEqual(['MESSAGE_ID_TAKEN', 'SENT']);
    const written = await withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM message_thread WHERE id = ANY($2))::int AS threads,
                (SELECT count(*) FROM message_thread_participant WHERE thread_id = ANY($2))::int AS participants,
                (SELECT count(*) FROM message_recipient WHERE message_id = $1)::int AS recipients,
                (SELECT count(*) FROM message_delivery WHERE message_id = $1)::int AS deliveries,
                (SELECT count(*) FROM audit_pending WHERE subject_id = $1)::int
                  + (SELECT count(*) FROM audit_entry WHERE subject_id = $1)::int AS audited`,
        [messageId, [first, second]],
      );
      return rows[0];
    });
    // One thread with its two participants, TJ addressed, TJ's two devices (one was revoked above).
    expect(written).toEqual({
      threads: 1,
      participants: 2,
      recipients: 1,
      deliveries: 2,
      audited: 1,
    });
  });
});
