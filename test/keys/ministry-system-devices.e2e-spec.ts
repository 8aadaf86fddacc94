import {
  createDeviceCertificate,
  deviceCertificateToJson,
  type DeviceCertificateJson,
  type DeviceKeys,
  generateDeviceKeys,
  generateIdentityKeyPair,
  type IdentityKeyPair,
  initCrypto,
  parseDeviceCertificate,
  toBase64Url,
  verifyDeviceCertificate,
} from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  withPgClient,
} from '@fpn/testing';
import { ok, refused } from './raw-graphql';

interface Person {
  account: TestAccount;
  client: GraphqlTestClient;
  identity: IdentityKeyPair;
}

interface Device {
  deviceId: string;
  userId: string;
  status: string;
  revocationReason: string | null;
  certificate: DeviceCertificateJson;
}

const DEVICE = `deviceId userId status revocationReason certificate { version accountId deviceId signingPublicKey encryptionPublicKey issuedAt signature }`;
const BIND = `mutation ($id: ID!, $c: DeviceCertificateInput!) {
  bindApiCredentialDevice(apiCredentialId: $id, certificate: $c) { ${DEVICE} } }`;
const NETWORK_DEVICES = `query ($key: String!) { networkDeviceKeys(networkKey: $key) { deviceId ministrySystem } }`;
const HOUR = 3_600_000;

describe('a ministry system’s device, bound to its API credential', () => {
  let app: TestApp;
  let serial = 0;
  /** A KZ coordinator and a TJ focal point share law-enforcement; another KZ coordinator. */
  let coordinator: Person;
  let otherCoordinator: Person;
  let focal: Person;
  let credential: { id: string; client: GraphqlTestClient };

  async function person(role: Role, state: string, networkKey?: string): Promise<Person> {
    const account = await createTestAccount(app, {
      email: `system${++serial}@keys.example`,
      role,
      memberStateCode: state,
    });
    if (networkKey) await addDirectoryEntry(app, account, [{ key: networkKey }]);
    const { client } = await signInTestAccount(app, account);
    const identity = generateIdentityKeyPair();
    await ok(client, 'mutation ($k: String!) { registerIdentityKey(publicKey: $k) { userId } }', {
      k: toBase64Url(identity.publicKey),
    });
    return { account, client, identity };
  }

  /** Signs in again: moving the clock hours ahead ends the access tokens. */
  const refresh = async (who: Person) => {
    who.client = (await signInTestAccount(app, who.account)).client;
  };

  async function issue(expiresAt?: Date): Promise<{ id: string; client: GraphqlTestClient }> {
    const { issueApiCredential } = (await ok(
      coordinator.client,
      `mutation ($expiresAt: DateTime) { issueApiCredential(input: {
         name: "Customs risk engine", memberStateCode: "KZ", networkKeys: ["law-enforcement"],
         operations: [MESSAGES_READ, MESSAGES_SEND], expiresAt: $expiresAt }) {
         credential { id } secret } }`,
      { expiresAt: expiresAt?.toISOString() ?? null },
    )) as { issueApiCredential: { credential: { id: string }; secret: string } };
    return {
      id: issueApiCredential.credential.id,
      client: new GraphqlTestClient(`${app.url}/graphql`).asBearer(issueApiCredential.secret),
    };
  }

  /** A system device's certificate, signed (by default) by the coordinator's identity key. */
  const certificate = (device: DeviceKeys, identity = coordinator.identity) =>
    deviceCertificateToJson(
      createDeviceCertificate({
        identity,
        accountId: coordinator.account.id,
        device,
        issuedAt: app.clock.now(),
      }),
    );

  const networkDevices = async (client: GraphqlTestClient) =>
    (
      (await ok(client, NETWORK_DEVICES, { key: 'law-enforcement' })).networkDeviceKeys as {
        deviceId: string;
      }[]
    ).map((device) => device.deviceId);

  const boundRows = (credentialId: string) =>
    withPgClient(app.database.ownerUrl, async (client) =>
      (
        await client.query<{ device_id: string; status: string }>(
          'SELECT device_id, status FROM device WHERE api_credential_id = $1 ORDER BY registered_at',
          [credentialId],
        )
      ).rows.map((row) => `${row.device_id}:${row.status}`),
    );

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ worker: false });
    coordinator = await person(Role.STATE_COORDINATOR, 'KZ', 'law-enforcement');
    otherCoordinator = await person(Role.STATE_COORDINATOR, 'KZ');
    focal = await person(Role.FOCAL_POINT, 'TJ', 'law-enforcement');
    credential = await issue();
  });
  afterAll(() => app?.close());

  it('refuses a certificate another key signed, and another account’s binding, storing nothing', async () => {
    const system = generateDeviceKeys(`customs-engine-${serial}`);
    expect(
      await refused(coordinator.client, BIND, {
        id: credential.id,
        c: certificate(system, generateIdentityKeyPair()),
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_CERTIFICATE' });
    // Another coordinator of the same state did not issue it: as if it did not exist.
    const theirs = deviceCertificateToJson(
      createDeviceCertificate({
        identity: otherCoordinator.identity,
        accountId: otherCoordinator.account.id,
        device: system,
        issuedAt: app.clock.now(),
      }),
    );
    expect(
      await refused(otherCoordinator.client, BIND, { id: credential.id, c: theirs }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    // The ministry system itself cannot bind a device.
    expect(
      await refused(credential.client, BIND, { id: credential.id, c: certificate(system) }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await boundRows(credential.id)).toEqual([]);
    expect(await ok(coordinator.client, '{ myDevices { deviceId } }')).toEqual({ myDevices: [] });
  });

  it('binds a device the issuer certified: the system sees it, a focal point of a shared network encrypts to it', async () => {
    const system = generateDeviceKeys(`customs-engine-${++serial}`);
    const bound = (
      await ok(coordinator.client, BIND, { id: credential.id, c: certificate(system) })
    ).bindApiCredentialDevice as Device;
    expect(bound).toMatchObject({
      deviceId: system.deviceId,
      userId: coordinator.account.id,
      status: 'ACTIVE',
    });
    // Binding the same certificate again is a no-op.
    await ok(coordinator.client, BIND, { id: credential.id, c: certificate(system) });
    expect(await boundRows(credential.id)).toEqual([`${system.deviceId}:active`]);

    const { currentApiCredential } = (await ok(
      credential.client,
      `{ currentApiCredential { id status device { ${DEVICE} } } }`,
    )) as { currentApiCredential: { id: string; status: string; device: Device } };
    expect(currentApiCredential).toMatchObject({ id: credential.id, status: 'ACTIVE' });
    expect(currentApiCredential.device.deviceId).toBe(system.deviceId);
    // The system checks its own certificate against the identity of the account it acts for.
    expect(() =>
      verifyDeviceCertificate(
        parseDeviceCertificate(currentApiCredential.device.certificate),
        coordinator.identity.publicKey,
      ),
    ).not.toThrow();
    // Its issuer sees it on the credential too.
    const { apiCredentials } = (await ok(
      coordinator.client,
      '{ apiCredentials { id device { deviceId } } }',
    )) as { apiCredentials: { id: string; device: { deviceId: string } | null }[] };
    expect(apiCredentials.find((c) => c.id === credential.id)?.device).toEqual({
      deviceId: system.deviceId,
    });

    expect(await networkDevices(focal.client)).toContain(system.deviceId);
    const { deviceKeys } = (await ok(
      focal.client,
      'query ($ids: [ID!]!) { deviceKeys(userIds: $ids) { deviceId } }',
      { ids: [coordinator.account.id] },
    )) as { deviceKeys: { deviceId: string }[] };
    expect(deviceKeys.map((device) => device.deviceId)).toContain(system.deviceId);

    const audited = await withPgClient(
      app.database.ownerUrl,
      async (client) =>
        (
          await client.query<{ details: Record<string, unknown> }>(
            `SELECT details FROM (SELECT type, details FROM audit_pending
                                UNION ALL SELECT type, details FROM audit_entry) e
            WHERE type = 'DEVICE_REGISTERED' AND details->>'apiCredentialId' = $1`,
            [credential.id],
          )
        ).rows,
    );
    expect(audited).toEqual([{ details: expect.objectContaining({ deviceId: system.deviceId }) }]);
  });

  it('reads keys as a ministry system: its state and its networks; another network is FORBIDDEN', async () => {
    expect(await networkDevices(credential.client)).toEqual(
      expect.arrayContaining([(await boundRows(credential.id))[0].split(':')[0]]),
    );
    expect(
      await refused(credential.client, NETWORK_DEVICES, { key: 'border-control' }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const stranger = await person(Role.FOCAL_POINT, 'UZ', 'border-control');
    const { identityKeys } = (await ok(
      credential.client,
      'query ($ids: [ID!]!) { identityKeys(userIds: $ids) { userId fingerprint } }',
      { ids: [focal.account.id, otherCoordinator.account.id, stranger.account.id] },
    )) as { identityKeys: { userId: string; fingerprint: string }[] };
    // TJ's focal point through law-enforcement, the other coordinator through KZ; not UZ's.
    expect(identityKeys.map((key) => key.userId).sort()).toEqual(
      [focal.account.id, otherCoordinator.account.id].sort(),
    );
  });

  it('binding another device replaces the first (revoked: REPLACED)', async () => {
    const [first] = (await boundRows(credential.id))[0].split(':');
    const second = generateDeviceKeys(`customs-engine-${++serial}`);
    await ok(coordinator.client, BIND, { id: credential.id, c: certificate(second) });
    expect(await boundRows(credential.id)).toEqual([
      `${first}:revoked`,
      `${second.deviceId}:active`,
    ]);
    const { myDevices } = (await ok(
      coordinator.client,
      '{ myDevices { deviceId status revocationReason } }',
    )) as { myDevices: { deviceId: string; status: string; revocationReason: string | null }[] };
    expect(myDevices).toEqual(
      expect.arrayContaining([
        { deviceId: first, status: 'REVOKED', revocationReason: 'REPLACED' },
        { deviceId: second.deviceId, status: 'ACTIVE', revocationReason: null },
      ]),
    );
    const network = await networkDevices(focal.client);
    expect(network).toContain(second.deviceId);
    expect(network).not.toContain(first);
    // Senders can tell that a machine reads through it.
    const served = (await ok(focal.client, NETWORK_DEVICES, { key: 'law-enforcement' }))
      .networkDeviceKeys as { deviceId: string; ministrySystem: boolean }[];
    expect(served.filter((device) => device.ministrySystem)).toEqual([
      { deviceId: second.deviceId, ministrySystem: true },
    ]);
  });

  it('revoking the credential drops its device from the keys served; binding to it is CONFLICT', async () => {
    const [device] = (await boundRows(credential.id))[1].split(':');
    await ok(coordinator.client, 'mutation ($id: ID!) { revokeApiCredential(id: $id) { id } }', {
      id: credential.id,
    });
    expect(await networkDevices(focal.client)).not.toContain(device);
    const { deviceKeys } = (await ok(
      focal.client,
      'query ($ids: [ID!]!) { deviceKeys(userIds: $ids) { deviceId } }',
      { ids: [coordinator.account.id] },
    )) as { deviceKeys: { deviceId: string }[] };
    expect(deviceKeys.map((d) => d.deviceId)).not.toContain(device);
    expect(
      await refused(coordinator.client, BIND, {
        id: credential.id,
        c: certificate(generateDeviceKeys(`customs-engine-${++serial}`)),
      }),
    ).toMatchObject({ code: 'CONFLICT', reason: 'API_CREDENTIAL_REVOKED' });
  });

  it('an expired credential’s device is no longer served either', async () => {
    const shortLived = await issue(new Date(app.clock.now().getTime() + HOUR));
    const system = generateDeviceKeys(`customs-engine-${++serial}`);
    await ok(coordinator.client, BIND, { id: shortLived.id, c: certificate(system) });
    expect(await networkDevices(focal.client)).toContain(system.deviceId);

    app.clock.advance(2 * HOUR);
    await refresh(focal);
    await refresh(coordinator);
    expect(await networkDevices(focal.client)).not.toContain(system.deviceId);
    expect(
      await refused(coordinator.client, BIND, {
        id: shortLived.id,
        c: certificate(generateDeviceKeys(`customs-engine-${++serial}`)),
      }),
    ).toMatchObject({ code: 'CONFLICT', reason: 'API_CREDENTIAL_EXPIRED' });
  });
});
