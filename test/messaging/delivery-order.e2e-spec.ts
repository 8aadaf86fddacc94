import { randomUUID } from 'node:crypto';
import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import { gql, startTestApp, type TestApp, withPgClient } from '@fpn/testing';
import type { EntityManager } from 'typeorm';
import { MessageWriter, type MessageWrite } from '../../libs/messaging/src/sending/message-writer';
import { CONFIRM, INBOX, messagingFixtures, type Party } from './messaging-fixtures';

const REVOKE = gql<{ revokeDevice: { status: string } }, { id: string }>`
  mutation ($id: String!) {
    revokeDevice(deviceId: $id) {
      status
    }
  }
`;

type InsertMessage = (manager: EntityManager, write: MessageWrite) => Promise<boolean>;

/**
 * Sends commit in parallel, so they may commit in another order than the one
 * in which their rows were inserted. A device's cursor must still never skip
 * a message: what commits late comes after everything already read.
 */
describe('a send that commits after a later one', () => {
  let app: TestApp;
  let kz: Party;
  let tj: Party;
  let fx: ReturnType<typeof messagingFixtures>;

  beforeAll(async () => {
    await initCrypto();
    // No worker: the inbox alone must hold every committed message.
    app = await startTestApp({ worker: false });
    fx = messagingFixtures(app);
    const member = [{ key: 'law-enforcement', role: 'primary' as const }];
    kz = await fx.person({ role: Role.FOCAL_POINT, state: 'KZ', networks: member });
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member, devices: 2 });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
  });

  it('is found after the cursor of what committed first, and the first did not wait for it', async () => {
    // The first send stops inside its transaction, its rows inserted, until released.
    const held = randomUUID();
    let reached!: () => void;
    const inserted = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const prototype = MessageWriter.prototype as unknown as { insertMessage: InsertMessage };
    const insertMessage = prototype.insertMessage;
    jest.spyOn(prototype, 'insertMessage').mockImplementation(async function (
      this: MessageWriter,
      manager,
      write,
    ) {
      const written = await insertMessage.call(this, manager, write);
      if (write.message.id === held) {
        reached();
        await gate;
      }
      return written;
    });

    const to = { networkKey: 'law-enforcement' };
    const late = fx.sent(kz, { to, messageId: held, body: 'inserted first, committed last' });
    await inserted;
    const early = await fx.sent(kz, { to, body: 'inserted second, committed first' });

    // The rows were inserted in the other order: an insert-time id as cursor would skip one.
    const ids = await withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ message_id: string; id: string }>(
        'SELECT message_id, id FROM message_delivery WHERE device_id = $1',
        [tj.devices[0].deviceId],
      );
      return new Map(rows.map((row) => [row.message_id, BigInt(row.id)]));
    });
    expect(ids.has(held)).toBe(false); // not committed yet
    const deviceId = tj.devices[0].deviceId;
    const first = await tj.client.request(INBOX, { deviceId });
    expect(first.errors).toBeUndefined();
    expect(first.data!.inbox.items.map((item) => item.message.id)).toEqual([early.message.id]);
    const afterEarly = first.data!.inbox.endCursor!;

    release();
    await late;
    const heldId = await withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        'SELECT id FROM message_delivery WHERE device_id = $1 AND message_id = $2',
        [deviceId, held],
      );
      return BigInt(rows[0].id);
    });
    expect(heldId).toBeLessThan(ids.get(early.message.id)!);

    const next = await tj.client.request(INBOX, { deviceId, after: afterEarly });
    expect(next.data!.inbox.items.map((item) => item.message.id)).toEqual([held]);

    // Confirming up to the last cursor confirms both; nothing is left after it.
    const confirmed = await tj.client.request(CONFIRM, {
      deviceId,
      upTo: next.data!.inbox.endCursor!,
    });
    expect(confirmed.data!.confirmDelivery).toBe(2);
    const rest = await tj.client.request(INBOX, { deviceId, after: next.data!.inbox.endCursor });
    expect(rest.data!.inbox.items).toEqual([]);
  });

  it('confirms nothing for a device that is not yours, or that was revoked', async () => {
    jest.restoreAllMocks();
    const sent = await fx.sent(kz, { to: { networkKey: 'law-enforcement' } });
    const [own, revoked] = tj.devices.map((device) => device.deviceId);
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
    expect(before).toEqual([own, revoked].sort());

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
    expect(await unconfirmed()).toEqual([revoked]);
  });
});
