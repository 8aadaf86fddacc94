import {
  createDeviceCertificate,
  deviceCertificateToJson,
  type DeviceCertificateJson,
  fingerprintDigits,
  type DeviceKeys,
  generateDeviceKeys,
  generateIdentityKeyPair,
  type IdentityKeyPair,
  initCrypto,
  parseDeviceCertificate,
  signingSeedOf,
  toBase64Url,
  verifyDeviceCertificate,
} from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  dumpAllTables,
  GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  withPgClient,
} from '@fpn/testing';
import { call, ok, refused } from './raw-graphql';

const DEVICE = `deviceId userId status revocationReason certificate { version accountId deviceId signingPublicKey encryptionPublicKey issuedAt signature }`;

interface Person {
  account: TestAccount;
  client: GraphqlTestClient;
  identity: IdentityKeyPair;
  devices: DeviceKeys[];
}

describe('key directory: identity keys, devices, and who may read them', () => {
  let app: TestApp;
  /** KZ and TJ focal points sharing law-enforcement; another TJ focal point in border-control only. */
  let kz: Person;
  let tj: Person;
  let tjOther: Person;
  let secretariat: Person;
  let serial = 0;

  async function person(role: Role, state: string | null, networkKey?: string): Promise<Person> {
    const account = await createTestAccount(app, {
      email: `keys${++serial}@keys.example`,
      role,
      memberStateCode: state,
    });
    if (networkKey) await addDirectoryEntry(app, account, [{ key: networkKey }]);
    const session = await signInTestAccount(app, account);
    return { account, client: session.client, identity: generateIdentityKeyPair(), devices: [] };
  }

  const certificate = (
    who: Person,
    device: DeviceKeys,
    identity = who.identity,
    accountId = who.account.id,
  ): DeviceCertificateJson =>
    deviceCertificateToJson(
      createDeviceCertificate({ identity, accountId, device, issuedAt: app.clock.now() }),
    );

  const registerKey = (who: Person, key = who.identity.publicKey) =>
    call(
      who.client,
      'mutation ($k: String!) { registerIdentityKey(publicKey: $k) { userId publicKey } }',
      {
        k: toBase64Url(key),
      },
    );
  const registerDevice = (who: Person, cert: DeviceCertificateJson) =>
    call(
      who.client,
      `mutation ($c: DeviceCertificateInput!) { registerDevice(certificate: $c) { ${DEVICE} } }`,
      {
        c: cert,
      },
    );
  const auditTypes = (subjectUser: string) =>
    withPgClient(app.database.ownerUrl, async (client) =>
      (
        await client.query<{ type: string }>(
          `SELECT type FROM (SELECT type, actor_id FROM audit_pending
                             UNION ALL SELECT type, actor_id FROM audit_entry) e
            WHERE actor_id = $1`,
          [subjectUser],
        )
      ).rows.map((row) => row.type),
    );

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp({ worker: false });
    kz = await person(Role.FOCAL_POINT, 'KZ', 'law-enforcement');
    tj = await person(Role.FOCAL_POINT, 'TJ', 'law-enforcement');
    tjOther = await person(Role.FOCAL_POINT, 'TJ', 'border-control');
    secretariat = await person(Role.SECRETARIAT_OFFICER, null);
  });
  afterAll(() => app?.close());

  it('registers an identity key once; the same key again is a no-op; a wrong length names the field', async () => {
    const first = await registerKey(kz);
    expect(first.errors).toBeUndefined();
    expect(first.data).toEqual({
      registerIdentityKey: { userId: kz.account.id, publicKey: toBase64Url(kz.identity.publicKey) },
    });
    expect((await registerKey(kz)).errors).toBeUndefined();

    const short = await refused(
      kz.client,
      'mutation { registerIdentityKey(publicKey: "AAAA") { userId } }',
    );
    expect(short).toMatchObject({ code: 'BAD_USER_INPUT', field: 'publicKey' });
    // The 64-byte secret key is not a public key either.
    const secret = await registerKey(tj, tj.identity.secretKey);
    expect(secret.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'publicKey',
    });

    const second = await registerKey(kz, generateIdentityKeyPair().publicKey);
    expect(second.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'KEY_CHANGE_REQUIRES_CONFIRMATION',
    });
    const mine = await ok(kz.client, '{ myIdentityKey { publicKey } }');
    expect(mine).toEqual({ myIdentityKey: { publicKey: toBase64Url(kz.identity.publicKey) } });
    expect(await auditTypes(kz.account.id)).toEqual(
      expect.arrayContaining(['IDENTITY_KEY_REGISTERED']),
    );
    for (const who of [tj, tjOther, secretariat])
      expect((await registerKey(who)).errors).toBeUndefined();
  });

  it('registers a device whose certificate the current identity key signed; refuses anything else, storing nothing', async () => {
    const laptop = generateDeviceKeys(`kz-laptop-${serial}`);
    const registered = await registerDevice(kz, certificate(kz, laptop));
    expect(registered.errors).toBeUndefined();
    expect(registered.data!.registerDevice).toMatchObject({
      deviceId: laptop.deviceId,
      status: 'ACTIVE',
    });
    kz.devices.push(laptop);
    // The same certificate again is a no-op.
    expect((await registerDevice(kz, certificate(kz, laptop))).errors).toBeUndefined();

    const phone = generateDeviceKeys(`kz-phone-${serial}`);
    const cases: [DeviceCertificateJson, Record<string, unknown>][] = [
      [
        certificate(kz, phone, generateIdentityKeyPair()),
        { code: 'BAD_USER_INPUT', reason: 'BAD_CERTIFICATE' },
      ],
      [
        certificate(kz, phone, kz.identity, tj.account.id),
        { code: 'BAD_USER_INPUT', reason: 'BAD_CERTIFICATE' },
      ],
      [
        {
          ...certificate(kz, phone),
          encryptionPublicKey: toBase64Url(generateDeviceKeys('x').encryption.publicKey),
        },
        { code: 'BAD_USER_INPUT', reason: 'BAD_CERTIFICATE' },
      ],
    ];
    for (const [cert, expected] of cases) {
      expect((await registerDevice(kz, cert)).errors![0].extensions).toMatchObject(expected);
    }
    // Another account cannot take the device id.
    const taken = await registerDevice(tj, certificate(tj, generateDeviceKeys(laptop.deviceId)));
    expect(taken.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'DEVICE_ID_TAKEN',
    });

    const devices = await ok(kz.client, '{ myDevices { deviceId status } }');
    expect(devices).toEqual({ myDevices: [{ deviceId: laptop.deviceId, status: 'ACTIVE' }] });

    for (const who of [tj, tjOther]) {
      const device = generateDeviceKeys(`device-${++serial}`);
      expect((await registerDevice(who, certificate(who, device))).errors).toBeUndefined();
      who.devices.push(device);
    }
    expect(await auditTypes(kz.account.id)).toEqual(expect.arrayContaining(['DEVICE_REGISTERED']));
  });

  it('serves keys to those who may address the person: own state, shared network, the Secretariat', async () => {
    const ids = { ids: [kz.account.id, tj.account.id, tjOther.account.id] };
    const keysFor = async (who: Person) =>
      (
        (
          await ok(
            who.client,
            'query ($ids: [ID!]!) { identityKeys(userIds: $ids) { userId } }',
            ids,
          )
        ).identityKeys as { userId: string }[]
      )
        .map((key) => key.userId)
        .sort();
    expect(await keysFor(kz)).toEqual([kz.account.id, tj.account.id].sort());
    expect(await keysFor(tjOther)).toEqual([tj.account.id, tjOther.account.id].sort());
    expect(await keysFor(secretariat)).toEqual(ids.ids.slice().sort());

    // The TJ focal point in law-enforcement reads the KZ one's device and checks it itself.
    const devices = (
      await ok(tj.client, `query ($ids: [ID!]!) { deviceKeys(userIds: $ids) { ${DEVICE} } }`, ids)
    ).deviceKeys as { userId: string; certificate: DeviceCertificateJson }[];
    const kzDevice = devices.find((device) => device.userId === kz.account.id)!;
    expect(() =>
      verifyDeviceCertificate(parseDeviceCertificate(kzDevice.certificate), kz.identity.publicKey),
    ).not.toThrow();
    // The other TJ focal point shares no network with KZ: left out silently.
    const other = (
      await ok(tjOther.client, `query ($ids: [ID!]!) { deviceKeys(userIds: $ids) { userId } }`, ids)
    ).deviceKeys as { userId: string }[];
    expect(other.map((device) => device.userId)).not.toContain(kz.account.id);

    const network = (
      await ok(tj.client, '{ networkDeviceKeys(networkKey: "law-enforcement") { deviceId } }')
    ).networkDeviceKeys as { deviceId: string }[];
    expect(network.map((device) => device.deviceId)).toEqual(
      expect.arrayContaining([kz.devices[0].deviceId, tj.devices[0].deviceId]),
    );
    expect(network.map((device) => device.deviceId)).not.toContain(tjOther.devices[0].deviceId);
    expect(
      await refused(
        tjOther.client,
        '{ networkDeviceKeys(networkKey: "law-enforcement") { deviceId } }',
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    await ok(
      secretariat.client,
      '{ networkDeviceKeys(networkKey: "law-enforcement") { deviceId } }',
    );
  });

  it('serves the Secretariat’s keys to everyone, with fingerprints people can read out', async () => {
    const expected = fingerprintDigits({
      accountId: secretariat.account.id,
      identityPublicKey: secretariat.identity.publicKey,
    })
      .match(/\d{5}/g)!
      .join(' ');
    for (const who of [kz, tjOther]) {
      expect(
        await ok(
          who.client,
          'query ($ids: [ID!]!) { identityKeys(userIds: $ids) { userId fingerprint } }',
          { ids: [secretariat.account.id] },
        ),
      ).toEqual({ identityKeys: [{ userId: secretariat.account.id, fingerprint: expected }] });
    }
  });

  it('revokes only one’s own devices; a revoked device id cannot come back', async () => {
    const id = kz.devices[0].deviceId;
    const revoke =
      'mutation ($id: String!) { revokeDevice(deviceId: $id) { status revocationReason } }';
    expect(await refused(tj.client, revoke, { id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await ok(kz.client, revoke, { id })).toEqual({
      revokeDevice: { status: 'REVOKED', revocationReason: 'BY_OWNER' },
    });
    const again = await registerDevice(kz, certificate(kz, kz.devices[0]));
    expect(again.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'DEVICE_REVOKED',
    });
    const network = (
      await ok(tj.client, '{ networkDeviceKeys(networkKey: "law-enforcement") { deviceId } }')
    ).networkDeviceKeys as { deviceId: string }[];
    expect(network.map((device) => device.deviceId)).not.toContain(id);
    expect(await auditTypes(kz.account.id)).toEqual(expect.arrayContaining(['DEVICE_REVOKED']));
  });

  it('a confirmed key change keeps the old key, revokes its devices, and warns those who share a network', async () => {
    const phone = generateDeviceKeys(`kz-phone-${++serial}`);
    expect((await registerDevice(kz, certificate(kz, phone))).errors).toBeUndefined();
    const change =
      'mutation ($k: String!, $c: Boolean!) { changeIdentityKey(publicKey: $k, confirm: $c) { publicKey } }';
    const next = generateIdentityKeyPair();
    expect(
      await refused(kz.client, change, { k: toBase64Url(next.publicKey), c: false }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'confirm',
    });
    const since = app.clock.now().toISOString();
    app.clock.advance(1000);
    await ok(kz.client, change, { k: toBase64Url(next.publicKey), c: true });
    const previous = kz.identity;
    kz.identity = next;

    expect(await ok(kz.client, '{ myDevices { deviceId status revocationReason } }')).toEqual({
      myDevices: expect.arrayContaining([
        { deviceId: phone.deviceId, status: 'REVOKED', revocationReason: 'IDENTITY_KEY_CHANGED' },
      ]),
    });
    // A certificate by the old key no longer registers; one by the new key does.
    const tablet = generateDeviceKeys(`kz-tablet-${++serial}`);
    expect(
      (await registerDevice(kz, certificate(kz, tablet, previous))).errors![0].extensions,
    ).toMatchObject({
      reason: 'BAD_CERTIFICATE',
    });
    expect((await registerDevice(kz, certificate(kz, tablet))).errors).toBeUndefined();
    kz.devices.push(phone, tablet);

    const changes = (q: Person) =>
      ok(
        q.client,
        'query ($s: DateTime) { keyChanges(since: $s) { userId previousPublicKey publicKey } }',
        {
          s: since,
        },
      );
    expect(await changes(tj)).toEqual({
      keyChanges: [
        {
          userId: kz.account.id,
          previousPublicKey: toBase64Url(previous.publicKey),
          publicKey: toBase64Url(next.publicKey),
        },
      ],
    });
    expect(await changes(tjOther)).toEqual({ keyChanges: [] });
    expect((await changes(secretariat)).keyChanges).toHaveLength(1);

    const notifications = async (who: Person) =>
      (
        (await ok(who.client, '{ notifications { entries { kind } } }')).notifications as {
          entries: { kind: string }[];
        }
      ).entries.map((n) => n.kind);
    expect(await notifications(tj)).toContain('IDENTITY_KEY_CHANGED');
    expect(await notifications(tjOther)).not.toContain('IDENTITY_KEY_CHANGED');
    expect(await auditTypes(kz.account.id)).toEqual(
      expect.arrayContaining(['IDENTITY_KEY_CHANGED']),
    );

    // The old key is still on record, marked replaced.
    const kept = await withPgClient(app.database.ownerUrl, (client) =>
      client.query(
        'SELECT replaced_at FROM identity_key WHERE user_id = $1 ORDER BY registered_at',
        [kz.account.id],
      ),
    );
    expect(kept.rows).toHaveLength(2);
    expect(kept.rows[0].replaced_at).not.toBeNull();
    expect(kept.rows[1].replaced_at).toBeNull();
  });

  it('no column holds a private key: the schema and a dump of every table', async () => {
    const dump = await dumpAllTables(app.database.ownerUrl);
    expect(dump.map((table) => table.table)).toEqual(
      expect.arrayContaining(['identity_key', 'device', 'identity_key_change']),
    );
    for (const table of dump) {
      for (const column of table.columns) {
        expect(`${table.table}.${column.name}`).not.toMatch(/private|secret_?key|seed/i);
      }
    }
    const text = dump
      .flatMap((table) => table.rows)
      .join('\n')
      .toLowerCase();
    // The public keys are there: the dump does see the key tables.
    expect(text).toContain(Buffer.from(tj.identity.publicKey).toString('hex'));

    const secrets: Uint8Array[] = [];
    for (const who of [kz, tj, tjOther, secretariat]) {
      secrets.push(who.identity.secretKey, signingSeedOf(who.identity));
      for (const device of who.devices) {
        secrets.push(
          device.signing.secretKey,
          signingSeedOf(device.signing),
          device.encryption.secretKey,
        );
      }
    }
    const forms = (bytes: Uint8Array) => {
      const buffer = Buffer.from(bytes);
      return [buffer.toString('hex'), buffer.toString('base64url'), buffer.toString('base64')].map(
        (s) => s.toLowerCase(),
      );
    };
    for (const secret of secrets) {
      for (const form of forms(secret)) expect(text.includes(form)).toBe(false);
      // Nor the seed half of a 64-byte Ed25519 secret key on its own (the other half is public).
      const seed = forms(secret.subarray(0, 32));
      for (const form of seed) expect(text.includes(form)).toBe(false);
    }
  });
});
