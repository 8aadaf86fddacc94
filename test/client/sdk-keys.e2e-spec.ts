import { fromBase64Url, generateIdentityKeyPair, initCrypto, toBase64Url } from '@fpn/crypto';
import {
  ApiError,
  ClientError,
  ClientErrorCode,
  FpnClient,
  MemoryKeystore,
  MemorySessionStore,
} from '@fpn/client';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  dumpAllTables,
  startTestApp,
  totpCodeNow,
  type TestAccount,
  type TestApp,
  withPgClient,
} from '@fpn/testing';

/**
 * The SDK against the real server: it signs in, sets up keys, and trusts no
 * key the server serves unless it matches what it pinned — including when the
 * server swaps a key in its database without announcing anything.
 */
describe('client SDK: sign-in, keys, pinning, backup and restore', () => {
  let app: TestApp;
  let serial = 0;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  async function account(role: Role, state: string | null, networks: string[] = []) {
    const created = await createTestAccount(app, {
      email: `sdk${++serial}@sdk.example`,
      role,
      memberStateCode: state,
    });
    const entryId = networks.length
      ? await addDirectoryEntry(
          app,
          created,
          networks.map((key) => ({ key })),
        )
      : null;
    return { account: created, entryId };
  }

  async function client(options: { keystore?: MemoryKeystore } = {}) {
    return FpnClient.create({
      serverUrl: app.url,
      keystore: options.keystore ?? new MemoryKeystore(),
      now: () => app.clock.now(),
    });
  }

  async function signedIn(who: TestAccount, keystore?: MemoryKeystore) {
    const sdk = await client({ keystore });
    let totpCode: string | undefined;
    if (who.totpSecret) {
      app.clock.advance(30_000);
      totpCode = await totpCodeNow(app, who.totpSecret);
    }
    await sdk.login({ email: who.email, password: who.password, totpCode });
    return sdk;
  }

  const codeOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    if (error instanceof ClientError || error instanceof ApiError) return error.code;
    if (error instanceof Error && 'code' in error) return (error as { code: string }).code;
    throw new Error(`expected a refusal, got ${String(error)}`);
  };

  const swapIdentityKeyInDatabase = (userId: string, publicKey: Uint8Array) =>
    withPgClient(app.database.ownerUrl, (pg) =>
      pg.query(
        'UPDATE identity_key SET public_key = $1 WHERE user_id = $2 AND replaced_at IS NULL',
        [Buffer.from(publicKey), userId],
      ),
    );

  it('signs in with TOTP where the role needs it, and refreshes an expired access token by itself', async () => {
    const { account: coordinator } = await account(Role.STATE_COORDINATOR, 'KZ');
    const sdk = await client();
    expect(
      await sdk
        .login({ email: coordinator.email, password: coordinator.password })
        .catch((error: ApiError) => [error.code, error.reason]),
    ).toEqual(['UNAUTHENTICATED', 'MFA_REQUIRED']);

    const store = new MemorySessionStore();
    const withStore = await FpnClient.create({
      serverUrl: app.url,
      sessionStore: store,
      now: () => app.clock.now(),
    });
    app.clock.advance(30_000);
    await withStore.login({
      email: coordinator.email,
      password: coordinator.password,
      totpCode: await totpCodeNow(app, coordinator.totpSecret!),
    });
    const before = await store.load();
    expect((await withStore.me()).role).toBe('STATE_COORDINATOR');

    app.clock.advance((app.config.auth.accessTokenTtlSeconds + 60) * 1000);
    expect((await withStore.me()).id).toBe(coordinator.id);
    const after = await store.load();
    expect(after!.refreshToken).not.toBe(before!.refreshToken);

    // A later run resumes the saved session without signing in again.
    const resumed = await FpnClient.create({
      serverUrl: app.url,
      sessionStore: store,
      now: () => app.clock.now(),
    });
    expect((await resumed.me()).email).toBe(coordinator.email);
  });

  it('two focal points see each other’s keys, compute equal safety numbers, and a key change reaches the other as a warning', async () => {
    const kz = await account(Role.FOCAL_POINT, 'KZ', ['law-enforcement']);
    const tj = await account(Role.FOCAL_POINT, 'TJ', ['law-enforcement']);
    const alice = await signedIn(kz.account);
    const bob = await signedIn(tj.account);
    await alice.keys.init();
    await bob.keys.init();

    // Alice finds Bob in the directory; his entry names the account to encrypt to.
    const found = await alice.directory.search({ text: tj.account.email.split('@')[0] });
    const bobAccount = found.edges.map((edge) => edge.node.accountId);
    expect(bobAccount).toEqual([tj.account.id]);

    // Never seen before: the SDK asks for a decision before it encrypts to him.
    expect(await codeOf(alice.keys.trustedDevices([tj.account.id]))).toBe(
      ClientErrorCode.NewIdentity,
    );
    const decided = await alice.keys.trustedDevices([tj.account.id], { acceptNew: true });
    expect(decided.devices.map((device) => device.accountId)).toEqual([tj.account.id]);
    expect(decided.rejected).toEqual([]);

    const fromAlice = await alice.keys.safetyNumber(tj.account.id);
    const fromBob = await bob.keys.safetyNumber(kz.account.id);
    expect(fromAlice.digits).toMatch(/^\d{60}$/);
    expect(fromAlice.digits).toBe(fromBob.digits);
    expect(fromAlice.verified).toBe(false);

    // A wrong number changes nothing; the right one marks Bob verified.
    const wrong = `${fromAlice.digits.slice(0, 59)}${(Number(fromAlice.digits[59]) + 1) % 10}`;
    expect(await codeOf(alice.keys.verify(tj.account.id, wrong))).toBe(
      ClientErrorCode.SafetyNumberMismatch,
    );
    expect((await alice.keys.pin(tj.account.id))!.verified).toBe(false);
    expect((await alice.keys.verify(tj.account.id, fromBob.groups.join(' '))).verified).toBe(true);

    // Bob loses his device and sets up a new identity: an announced key change.
    const bobAgain = await signedIn(tj.account);
    expect(await codeOf(bobAgain.keys.init())).toBe(ClientErrorCode.IdentityExists);
    await bobAgain.keys.init({ replaceExisting: true });

    const [warning, ...others] = await alice.keys.keyChangeWarnings();
    expect(others).toEqual([]);
    expect(warning).toMatchObject({
      accountId: tj.account.id,
      announced: true,
      wasVerified: true,
      own: false,
    });
    expect(warning.serverFingerprint).not.toBe(warning.pinnedFingerprint);
    expect(await codeOf(alice.keys.trustedDevices([tj.account.id], { acceptNew: true }))).toBe(
      ClientErrorCode.KeyChanged,
    );

    // Accepting the change pins the new key, unverified; the new device is usable.
    await alice.keys.acceptKeyChange(tj.account.id);
    expect(await alice.keys.keyChangeWarnings()).toEqual([]);
    const pin = (await alice.keys.pin(tj.account.id))!;
    expect(pin).toMatchObject({ verified: false, previous: [{ verified: true }] });
    const devices = await alice.keys.trustedDevices([tj.account.id]);
    expect(devices.devices.map((device) => device.deviceId)).toEqual([
      (await bobAgain.keys.show()).thisDeviceId,
    ]);
  });

  it('raises a warning when the server swaps a key without announcing it, and refuses that key’s devices', async () => {
    const kz = await account(Role.FOCAL_POINT, 'KZ', ['law-enforcement']);
    const tj = await account(Role.FOCAL_POINT, 'TJ', ['law-enforcement']);
    const alice = await signedIn(kz.account);
    const bob = await signedIn(tj.account);
    await alice.keys.init();
    await bob.keys.init();
    await bob.keys.trustedDevices([kz.account.id], { acceptNew: true });

    // Someone with the database replaces Alice's identity key: no key change, no announcement.
    const impostor = generateIdentityKeyPair();
    await swapIdentityKeyInDatabase(kz.account.id, impostor.publicKey);

    const warnings = await bob.keys.keyChangeWarnings();
    expect(warnings).toEqual([
      expect.objectContaining({
        accountId: kz.account.id,
        serverPublicKey: toBase64Url(impostor.publicKey),
        announced: false,
        own: false,
      }),
    ]);
    expect(await codeOf(bob.keys.trustedDevices([kz.account.id]))).toBe(ClientErrorCode.KeyChanged);
    // Alice's own SDK notices that the server no longer serves her key.
    expect(await alice.keys.keyChangeWarnings()).toEqual([
      expect.objectContaining({ accountId: kz.account.id, own: true, announced: false }),
    ]);

    // The key goes back; a device certificate the pinned identity did not sign is still refused.
    const pinned = (await bob.keys.pin(kz.account.id))!.identityPublicKey;
    await swapIdentityKeyInDatabase(kz.account.id, fromBase64Url(pinned, 'key', 32));
    const { deviceId } = (await alice.keys.show()).devices[0];
    await withPgClient(app.database.ownerUrl, (pg) =>
      pg.query('UPDATE device SET signing_public_key = $1 WHERE device_id = $2', [
        Buffer.from(generateIdentityKeyPair().publicKey),
        deviceId,
      ]),
    );
    const checked = await bob.keys.trustedDevices([kz.account.id]);
    expect(checked.devices).toEqual([]);
    expect(checked.rejected).toEqual([{ deviceId, accountId: kz.account.id }]);
  });

  it('restores on a new device from the recovery key: the same identity and the backed-up message keys', async () => {
    const kz = await account(Role.FOCAL_POINT, 'KZ', ['law-enforcement']);
    const deviceA = await signedIn(kz.account);
    const created = await deviceA.keys.init();
    const before = new Uint8Array(32).fill(7);
    await deviceA.keys.keepMessageKey('message-before-backup', before);
    const { recoveryKey, entries } = await deviceA.keys.backup();
    expect(recoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    expect(entries).toBe(1);
    const after = new Uint8Array(32).fill(9);
    await deviceA.keys.keepMessageKey('message-after-backup', after);

    // A wrong recovery key opens nothing and registers no device.
    const deviceB = await signedIn(kz.account);
    const other = await (async () => {
      const sdk = await signedIn(
        (await account(Role.FOCAL_POINT, 'KZ', ['law-enforcement'])).account,
      );
      await sdk.keys.init();
      return (await sdk.keys.backup()).recoveryKey!;
    })();
    expect(await codeOf(deviceB.keys.restore({ recoveryKey: other }))).toBe('CRYPTO_KEY_MISMATCH');
    expect(await deviceB.keys.initialised()).toBe(false);

    const restored = await deviceB.keys.restore({ recoveryKey: recoveryKey! });
    expect(restored).toMatchObject({
      identityPublicKey: created.identityPublicKey,
      fingerprint: created.fingerprint,
      messageKeys: 2,
      unreadableEntries: 0,
    });
    expect(await deviceB.keys.messageKey('message-before-backup')).toEqual(before);
    expect(await deviceB.keys.messageKey('message-after-backup')).toEqual(after);
    const devices = (await deviceB.keys.show()).devices;
    expect(devices.filter((device) => device.status === 'ACTIVE')).toHaveLength(2);
    expect(devices.every((device) => device.certificateValid)).toBe(true);
    // Not a key change: nobody is warned.
    expect(await deviceA.keys.keyChangeWarnings()).toEqual([]);

    // The server holds none of it in the clear.
    const dump = JSON.stringify(await dumpAllTables(app.database.ownerUrl));
    const identity = (await deviceB.keys.ownKeys()).identity!;
    expect(dump).toContain(Buffer.from(identity.publicKey).toString('hex'));
    for (const secret of [identity.secretKey.subarray(0, 32), before, after]) {
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
      expect(dump).not.toContain(toBase64Url(secret));
      expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });
});
