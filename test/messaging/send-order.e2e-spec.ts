import type { Client } from 'pg';
import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import { MESSAGE_ORDER_LOCK_KEY } from '@fpn/messaging';
import { startTestApp, type TestApp, withPgClient } from '@fpn/testing';
import { messagingFixtures, type Party } from './messaging-fixtures';

/** The next values the message sequence and the delivery ids (the devices' cursors) would give. */
async function drawn(client: Client): Promise<{ message: string; delivery: string }> {
  const { rows } = await client.query<{ message: string; delivery: string }>(
    `SELECT (SELECT last_value FROM message_seq_seq)::text AS message,
            (SELECT last_value FROM message_delivery_id_seq)::text AS delivery`,
  );
  return rows[0];
}

/**
 * A send takes its message's sequence number and its deliveries' cursors only
 * while it holds the ordering lock (kept to commit), so cursors are taken in
 * commit order: a device that read up to a cursor never later finds a row
 * below it (docs/messaging.md).
 */
describe('the order of sends', () => {
  let app: TestApp;
  let kz: Party;
  let fx: ReturnType<typeof messagingFixtures>;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ worker: false });
    fx = messagingFixtures(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    kz = await fx.person({ role: Role.FOCAL_POINT, state: 'KZ', networks: member });
    await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member, devices: 2 });
  });
  afterAll(async () => {
    await app?.close();
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
      // One cursor for each of the network's devices (the sender's own and TJ's two).
      expect(BigInt(after.delivery) - BigInt(before.delivery)).toBe(BigInt(sent.recipientDevices));
    });
  });
});
