import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import { gql, startTestApp, type TestApp, withPgClient } from '@fpn/testing';
import { CONFIRM, INBOX, messagingFixtures, type Party } from './messaging-fixtures';

const REVOKE = gql<{ revokeDevice: { status: string } }, { id: string }>`
  mutation ($id: String!) {
    revokeDevice(deviceId: $id) {
      status
    }
  }
`;

/** confirmDelivery reads the device and updates its deliveries in one statement. */
describe('confirming delivery', () => {
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
    tj = await fx.person({ role: Role.FOCAL_POINT, state: 'TJ', networks: member, devices: 2 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('confirms nothing for a device that is not yours, or that was revoked', async () => {
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
