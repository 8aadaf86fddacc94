import {
  backupKeyCertificateToJson,
  createBackup,
  createDeviceCertificate,
  deviceCertificateToJson,
  fingerprintDigits,
  formatRecoveryKey,
  fromBase64Url,
  generateDeviceKeys,
  generateIdentityKeyPair,
  generateRecoveryKey,
  parseBackupKeyCertificate,
  parseDeviceCertificate,
  parseRecoveryKey,
  restoreBackup,
  safetyNumber,
  sealBackupEntry,
  signingSeedOf,
  sodium,
  toBase64Url,
  verifyDeviceCertificate,
  type BackupSecret,
  type DeviceKeys,
  type IdentityKeyPair,
} from '@fpn/crypto';
import { ClientError, ClientErrorCode } from '../errors';
import {
  AppendKeyBackupEntriesDocument,
  BindApiCredentialDeviceDocument,
  ChangeIdentityKeyDocument,
  DeviceKeysDocument,
  IdentityKeysDocument,
  KeyChangesDocument,
  MyDevicesDocument,
  MyIdentityKeyDocument,
  MyKeyBackupDocument,
  PublishKeyBackupDocument,
  RegisterDeviceDocument,
  RegisterIdentityKeyDocument,
  RevokeDeviceDocument,
  type DeviceFieldsFragment,
} from '../generated/graphql';
import type { KeystoreBackend, KeystoreContents, Pin } from '../keystore/keystore-contents';
import type { Session } from '../transport/session';
import { assessIdentity, pinIdentity, type IdentityAssessment } from '../trust/pins';

/** A device the SDK may encrypt to: its certificate verified against a pinned identity. */
export interface TrustedDevice {
  accountId: string;
  deviceId: string;
  signingPublicKey: Uint8Array;
  encryptionPublicKey: Uint8Array;
}

/** A pinned identity that no longer matches the server — raised by the SDK itself. */
export interface KeyChangeWarning {
  accountId: string;
  pinnedPublicKey: string;
  pinnedFingerprint: string;
  serverPublicKey: string;
  serverFingerprint: string;
  wasVerified: boolean;
  /** Whether the server announced the change (`keyChanges`); a silent swap is the alarming case. */
  announced: boolean;
  /** This device's own account: someone else replaced your identity key. */
  own: boolean;
}

export interface SafetyNumberView {
  accountId: string;
  digits: string;
  groups: string[];
  status: IdentityAssessment['status'];
  verified: boolean;
}

export const MINISTRY_SYSTEM_DEVICE_REQUEST = 'fpn-ministry-system-device-request/1';

/** What a ministry system hands the person who certifies its device: public keys only. */
export interface MinistrySystemDeviceRequest {
  kind: typeof MINISTRY_SYSTEM_DEVICE_REQUEST;
  serverUrl: string;
  apiCredentialId: string;
  /** The account the credential acts for, and the identity key the system pinned for it. */
  accountId: string;
  identityPublicKey: string;
  deviceId: string;
  signingPublicKey: string;
  encryptionPublicKey: string;
}

function parseDeviceRequest(
  request: MinistrySystemDeviceRequest | string,
): MinistrySystemDeviceRequest {
  let value: unknown = request;
  if (typeof request === 'string') {
    try {
      value = JSON.parse(request);
    } catch {
      value = null;
    }
  }
  const fields: (keyof MinistrySystemDeviceRequest)[] = [
    'serverUrl',
    'apiCredentialId',
    'accountId',
    'identityPublicKey',
    'deviceId',
    'signingPublicKey',
    'encryptionPublicKey',
  ];
  const o = value as Record<string, unknown> | null;
  if (
    !o ||
    typeof o !== 'object' ||
    o.kind !== MINISTRY_SYSTEM_DEVICE_REQUEST ||
    fields.some((field) => typeof o[field] !== 'string')
  ) {
    throw new ClientError(
      ClientErrorCode.DeviceRequestMismatch,
      "not a ministry system's device request (the JSON `fpn keys init` prints for a system)",
    );
  }
  return o as unknown as MinistrySystemDeviceRequest;
}

/** A 30-digit fingerprint as six groups of five, the form people read out. */
export function formatFingerprint(accountId: string, publicKey: string): string {
  const digits = fingerprintDigits({
    accountId,
    identityPublicKey: fromBase64Url(publicKey, 'publicKey', 32),
  });
  return (digits.match(/\d{5}/g) ?? []).join(' ');
}

/**
 * Keys on this device: the identity key, this device's keys, the pins of
 * everyone it has seen, backup and restore. It never trusts the server's key
 * directory: every key it uses is checked against what it pinned.
 */
export class KeyManager {
  constructor(
    private readonly session: Session,
    private readonly keystore: KeystoreBackend,
    private readonly now: () => Date,
  ) {}

  /** Whether this device holds keys for the signed-in account. */
  async initialised(): Promise<boolean> {
    return (await this.loadOwn(false)) !== null;
  }

  /**
   * New identity and a first device. Refused when this device already holds
   * keys, or when the account already has an identity key (set up on another
   * device: restore from the backup instead — or pass `replaceExisting`,
   * which is a key change everyone will be warned about).
   */
  async init(options: { replaceExisting?: boolean } = {}): Promise<{
    identityPublicKey: string;
    fingerprint: string;
    deviceId: string;
  }> {
    if (this.session.actingAsApiCredential) {
      throw new ClientError(
        ClientErrorCode.MinistrySystem,
        'a ministry system has no identity of its own: create its device keys with initMinistrySystem (`fpn keys init` does it)',
      );
    }
    const account = this.session.account;
    if (await this.loadOwn(false)) {
      throw new ClientError(
        ClientErrorCode.KeysAlreadyInitialised,
        'this device already holds keys for your account',
      );
    }
    const { myIdentityKey } = await this.session.request(MyIdentityKeyDocument, {});
    if (myIdentityKey && !options.replaceExisting) {
      throw new ClientError(
        ClientErrorCode.IdentityExists,
        'your account already has an identity key: restore it from your backup (`fpn keys restore`), or replace it (a key change everyone is warned of)',
      );
    }
    const identity = generateIdentityKeyPair();
    const publicKey = toBase64Url(identity.publicKey);
    if (myIdentityKey) {
      await this.session.request(ChangeIdentityKeyDocument, { publicKey });
    } else {
      await this.session.request(RegisterIdentityKeyDocument, { publicKey });
    }
    const contents: KeystoreContents = {
      version: 1,
      serverUrl: this.serverUrl,
      accountId: account.id,
      identitySeed: toBase64Url(signingSeedOf(identity)),
      device: null,
      pins: { [account.id]: pinIdentity(undefined, publicKey, this.now(), true) },
      backup: null,
      messageKeys: {},
    };
    const deviceId = await this.addDevice(contents, identity);
    return {
      identityPublicKey: publicKey,
      fingerprint: formatFingerprint(account.id, publicKey),
      deviceId,
    };
  }

  /**
   * A ministry system, acting with its API credential: new device keys here,
   * and the request to certify them. The system holds no identity key — it
   * acts for the person who issued the credential, whose identity key (as
   * the server serves it now) is pinned here and named in the request, so
   * that person can check the system pinned the right key. Hand the request
   * to them: `certifyMinistrySystem` on their device (`fpn keys certify-system`).
   */
  async initMinistrySystem(): Promise<MinistrySystemDeviceRequest> {
    if (!this.session.actingAsApiCredential) {
      throw new ClientError(
        ClientErrorCode.MinistrySystem,
        "only a ministry system acting with its API credential sets up a system device; a person's device: init",
      );
    }
    if (await this.loadOwn(false)) {
      throw new ClientError(
        ClientErrorCode.KeysAlreadyInitialised,
        'this keystore already holds keys for the account this credential acts for',
      );
    }
    const credential = await this.session.apiCredential();
    const accountId = credential.createdBy;
    const { identityKeys } = await this.session.request(IdentityKeysDocument, {
      userIds: [accountId],
    });
    const issuer = identityKeys.find((key) => key.userId === accountId);
    if (!issuer) throw noIdentityKey([accountId]);
    const s = sodium();
    const deviceId = toBase64Url(s.randombytes_buf(16));
    const signingSeed = s.randombytes_buf(32);
    const encryptionSeed = s.randombytes_buf(32);
    const keys = generateDeviceKeys(deviceId, { signing: signingSeed, encryption: encryptionSeed });
    const contents: KeystoreContents = {
      version: 1,
      serverUrl: this.serverUrl,
      accountId,
      identitySeed: null,
      device: {
        deviceId,
        signingSeed: toBase64Url(signingSeed),
        encryptionSeed: toBase64Url(encryptionSeed),
        issuedAt: this.now().toISOString(),
      },
      pins: { [accountId]: pinIdentity(undefined, issuer.publicKey, this.now(), false) },
      backup: null,
      messageKeys: {},
    };
    await this.keystore.save(contents);
    return {
      kind: MINISTRY_SYSTEM_DEVICE_REQUEST,
      serverUrl: this.serverUrl,
      apiCredentialId: credential.id,
      accountId,
      identityPublicKey: issuer.publicKey,
      deviceId,
      signingPublicKey: toBase64Url(keys.signing.publicKey),
      encryptionPublicKey: toBase64Url(keys.encryption.publicKey),
    };
  }

  /**
   * The person who issued an API credential certifies the ministry system's
   * device with their identity key and binds it to the credential (a device
   * bound before is revoked). Refused unless the request names this account,
   * this server and this device's identity key — a system that pinned
   * another key is talking to someone else.
   */
  async certifyMinistrySystem(request: MinistrySystemDeviceRequest | string) {
    const parsed = parseDeviceRequest(request);
    const contents = await this.loadOwn(true);
    const identity = identityOf(contents);
    const mismatch = (why: string) =>
      new ClientError(ClientErrorCode.DeviceRequestMismatch, why, [parsed.deviceId]);
    if (parsed.serverUrl !== this.serverUrl) throw mismatch('the request is for another server');
    if (parsed.accountId !== contents.accountId) {
      throw mismatch("the request is for another account's credential");
    }
    if (parsed.identityPublicKey !== toBase64Url(identity.publicKey)) {
      throw mismatch(
        'the system pinned another identity key than yours: do not certify it; check what it is connected to',
      );
    }
    const certificate = createDeviceCertificate({
      identity,
      accountId: contents.accountId,
      device: {
        deviceId: parsed.deviceId,
        signing: { publicKey: fromBase64Url(parsed.signingPublicKey, 'signingPublicKey', 32) },
        encryption: {
          publicKey: fromBase64Url(parsed.encryptionPublicKey, 'encryptionPublicKey', 32),
        },
      },
      issuedAt: this.now(),
    });
    return (
      await this.session.request(BindApiCredentialDeviceDocument, {
        apiCredentialId: parsed.apiCredentialId,
        certificate: deviceCertificateToJson(certificate),
      })
    ).bindApiCredentialDevice;
  }

  /** This device's identity and device keys (for signing and decrypting). */
  async ownKeys(): Promise<{
    /** Null on a ministry system's device. */
    identity: IdentityKeyPair | null;
    device: DeviceKeys;
    accountId: string;
  }> {
    const contents = await this.loadOwn(true);
    if (!contents.device) {
      throw new ClientError(ClientErrorCode.KeysNotInitialised, 'this device has no device keys');
    }
    return {
      accountId: contents.accountId,
      identity: contents.identitySeed === null ? null : identityOf(contents),
      device: deviceOf(contents),
    };
  }

  /** What `fpn keys show` prints. */
  async show() {
    const contents = await this.loadOwn(true);
    const identityPublicKey = ownIdentityPublicKey(contents);
    const myDevices = this.session.actingAsApiCredential
      ? [(await this.session.apiCredential()).device].filter((device) => device != null)
      : (await this.session.request(MyDevicesDocument, {})).myDevices;
    return {
      accountId: contents.accountId,
      identityPublicKey,
      fingerprint: formatFingerprint(contents.accountId, identityPublicKey),
      thisDeviceId: contents.device?.deviceId ?? null,
      devices: myDevices.map((device) => ({
        deviceId: device.deviceId,
        status: device.status,
        registeredAt: device.registeredAt,
        revokedAt: device.revokedAt,
        certificateValid: this.certificateValid(device, contents.accountId, identityPublicKey),
      })),
      backup: contents.backup !== null,
      pins: Object.entries(contents.pins)
        .filter(([accountId]) => accountId !== contents.accountId)
        .map(([accountId, pin]) => ({
          accountId,
          identityPublicKey: pin.identityPublicKey,
          verified: pin.verified,
          pinnedAt: pin.pinnedAt,
          previousKeys: pin.previous.length,
        })),
    };
  }

  /**
   * Compares the server's current identity keys with the pins. Nothing is
   * pinned here: a new identity needs `trust` (or `verify`), a changed one
   * `acceptKeyChange`.
   */
  async assess(accountIds: readonly string[]): Promise<{
    identities: IdentityAssessment[];
    withoutKey: string[];
  }> {
    const contents = await this.loadOwn(true);
    const ids = [...new Set(accountIds)];
    const { identityKeys } = await this.session.request(IdentityKeysDocument, { userIds: ids });
    const served = new Map(identityKeys.map((key) => [key.userId, key.publicKey]));
    return {
      identities: ids
        .filter((id) => served.has(id))
        .map((id) => assessIdentity(contents.pins[id], id, served.get(id)!)),
      withoutKey: ids.filter((id) => !served.has(id)),
    };
  }

  /**
   * The sender's explicit decision to trust identities seen for the first
   * time (unverified until safety numbers are compared). A changed key is not
   * accepted here: that is `acceptKeyChange`.
   */
  async trustNew(accountIds: readonly string[]): Promise<IdentityAssessment[]> {
    const { identities, withoutKey } = await this.assess(accountIds);
    if (withoutKey.length) throw noIdentityKey(withoutKey);
    const changed = identities.filter((identity) => identity.status === 'changed');
    if (changed.length) throw keyChanged(changed.map((identity) => identity.accountId));
    await this.update((contents) => {
      for (const identity of identities) {
        if (identity.status === 'new') {
          contents.pins[identity.accountId] = pinIdentity(
            undefined,
            identity.publicKey,
            this.now(),
            false,
          );
        }
      }
    });
    return identities;
  }

  /** Accepts a changed identity key (after a warning): pinned again, unverified. */
  async acceptKeyChange(accountId: string): Promise<IdentityAssessment> {
    const [identity] = (await this.assess([accountId])).identities;
    if (!identity) throw noIdentityKey([accountId]);
    if (identity.status === 'changed') {
      await this.update((contents) => {
        contents.pins[accountId] = pinIdentity(
          contents.pins[accountId],
          identity.publicKey,
          this.now(),
          false,
        );
      });
    }
    return identity;
  }

  /** The safety number with another account, from the key the server serves now. */
  async safetyNumber(accountId: string): Promise<SafetyNumberView> {
    const contents = await this.loadOwn(true);
    const [identity] = (await this.assess([accountId])).identities;
    if (!identity) throw noIdentityKey([accountId]);
    const number = safetyNumber(
      {
        accountId: contents.accountId,
        identityPublicKey: fromBase64Url(ownIdentityPublicKey(contents), 'identity', 32),
      },
      { accountId, identityPublicKey: fromBase64Url(identity.publicKey, 'publicKey', 32) },
    );
    return {
      accountId,
      digits: number.digits,
      groups: number.groups,
      status: identity.status,
      verified: identity.status === 'trusted' && identity.verified,
    };
  }

  /**
   * Marks an identity verified once both people compared safety numbers.
   * With `compareWith`, the SDK compares (spaces ignored); a mismatch is
   * CLIENT_SAFETY_NUMBER_MISMATCH and changes nothing. Verifying is also the
   * decision to trust a new or changed key.
   */
  async verify(accountId: string, compareWith?: string): Promise<SafetyNumberView> {
    const view = await this.safetyNumber(accountId);
    if (compareWith !== undefined && compareWith.replace(/\s+/g, '') !== view.digits) {
      throw new ClientError(
        ClientErrorCode.SafetyNumberMismatch,
        'the safety numbers differ: do not trust this key until you know why',
        [accountId],
      );
    }
    const [identity] = (await this.assess([accountId])).identities;
    await this.update((contents) => {
      contents.pins[accountId] = pinIdentity(
        contents.pins[accountId],
        identity!.publicKey,
        this.now(),
        true,
      );
    });
    return { ...view, status: 'trusted', verified: true };
  }

  /**
   * The devices to encrypt to for these accounts: only accounts whose identity
   * is pinned (or newly trusted with `acceptNew`), only devices whose
   * certificate verifies against that pin. A changed identity is always
   * CLIENT_KEY_CHANGED; a new one without `acceptNew` is CLIENT_NEW_IDENTITY.
   */
  async trustedDevices(
    accountIds: readonly string[],
    options: { acceptNew?: boolean } = {},
  ): Promise<{ devices: TrustedDevice[]; rejected: { deviceId: string; accountId: string }[] }> {
    const { identities, withoutKey } = await this.assess(accountIds);
    if (withoutKey.length) throw noIdentityKey(withoutKey);
    const changed = identities.filter((identity) => identity.status === 'changed');
    if (changed.length) throw keyChanged(changed.map((identity) => identity.accountId));
    const fresh = identities.filter((identity) => identity.status === 'new');
    if (fresh.length && !options.acceptNew) {
      throw new ClientError(
        ClientErrorCode.NewIdentity,
        `never seen before: ${fresh.map((identity) => identity.accountId).join(', ')} — compare safety numbers, or accept them explicitly`,
        fresh.map((identity) => identity.accountId),
      );
    }
    if (fresh.length) await this.trustNew(fresh.map((identity) => identity.accountId));
    const contents = await this.loadOwn(true);
    const { deviceKeys } = await this.session.request(DeviceKeysDocument, {
      userIds: identities.map((identity) => identity.accountId),
    });
    return this.checkDevices(contents, deviceKeys);
  }

  /** Checks served devices against the pins; those that fail are reported, never used. */
  checkDevices(
    contents: KeystoreContents,
    served: readonly DeviceFieldsFragment[],
  ): { devices: TrustedDevice[]; rejected: { deviceId: string; accountId: string }[] } {
    const devices: TrustedDevice[] = [];
    const rejected: { deviceId: string; accountId: string }[] = [];
    for (const device of served) {
      const pin = contents.pins[device.userId];
      if (
        device.status === 'ACTIVE' &&
        pin &&
        this.certificateValid(device, device.userId, pin.identityPublicKey)
      ) {
        devices.push({
          accountId: device.userId,
          deviceId: device.deviceId,
          signingPublicKey: fromBase64Url(
            device.certificate.signingPublicKey,
            'signingPublicKey',
            32,
          ),
          encryptionPublicKey: fromBase64Url(
            device.certificate.encryptionPublicKey,
            'encryptionPublicKey',
            32,
          ),
        });
      } else {
        rejected.push({ deviceId: device.deviceId, accountId: device.userId });
      }
    }
    return { devices, rejected };
  }

  /**
   * Every pinned identity (this account's included) that the server now
   * serves differently — whether or not the server announced a change.
   */
  async keyChangeWarnings(): Promise<KeyChangeWarning[]> {
    const contents = await this.loadOwn(true);
    const ids = Object.keys(contents.pins);
    const [{ identityKeys }, { keyChanges }, { myIdentityKey }] = await Promise.all([
      this.session.request(IdentityKeysDocument, { userIds: ids }),
      this.session.request(KeyChangesDocument, { since: null }),
      this.session.request(MyIdentityKeyDocument, {}),
    ]);
    const served = new Map(identityKeys.map((key) => [key.userId, key.publicKey]));
    if (myIdentityKey) served.set(contents.accountId, myIdentityKey.publicKey);
    const warnings: KeyChangeWarning[] = [];
    for (const [accountId, pin] of Object.entries(contents.pins)) {
      const current = served.get(accountId);
      if (current === undefined || current === pin.identityPublicKey) continue;
      warnings.push({
        accountId,
        pinnedPublicKey: pin.identityPublicKey,
        pinnedFingerprint: formatFingerprint(accountId, pin.identityPublicKey),
        serverPublicKey: current,
        serverFingerprint: formatFingerprint(accountId, current),
        wasVerified: pin.verified,
        announced: keyChanges.some(
          (change) =>
            change.userId === accountId &&
            change.previousPublicKey === pin.identityPublicKey &&
            change.publicKey === current,
        ),
        own: accountId === contents.accountId,
      });
    }
    return warnings;
  }

  /**
   * Publishes a backup: with a passphrase (Argon2id ≥ 256 MiB, 3 passes), or
   * else a new recovery key returned once to show the person. Every message
   * key this device holds is appended to it.
   */
  async backup(options: { passphrase?: string } = {}): Promise<{
    recoveryKey: string | null;
    entries: number;
  }> {
    const contents = await this.loadOwn(true);
    const recoveryKey = options.passphrase === undefined ? generateRecoveryKey() : null;
    const secret: BackupSecret = recoveryKey
      ? { recoveryKey }
      : { passphrase: options.passphrase! };
    const created = createBackup({
      identity: identityOf(contents),
      accountId: contents.accountId,
      secret,
      createdAt: this.now(),
    });
    const certificate = backupKeyCertificateToJson(created.certificate);
    await this.session.request(PublishKeyBackupDocument, {
      backupKeyCertificate: JSON.stringify(certificate),
      sealedIdentityKey: toBase64Url(created.sealedIdentity),
    });
    await this.update((stored) => {
      stored.backup = { certificate };
    });
    const entries = await this.appendToBackup(
      Object.entries(contents.messageKeys).map(([messageId, key]) => ({
        messageId,
        contentKey: fromBase64Url(key, 'contentKey', 32),
      })),
    );
    return { recoveryKey: recoveryKey && formatRecoveryKey(recoveryKey), entries };
  }

  /** Seals message keys into the published backup (no backup yet: nothing to do). */
  async appendToBackup(keys: { messageId: string; contentKey: Uint8Array }[]): Promise<number> {
    const contents = await this.loadOwn(true);
    if (!contents.backup || keys.length === 0) return 0;
    const certificate = parseBackupKeyCertificate(contents.backup.certificate);
    const sealed = keys.map((key) =>
      toBase64Url(
        sealBackupEntry({
          accountId: contents.accountId,
          backupPublicKey: certificate.backupPublicKey,
          messageId: key.messageId,
          contentKey: key.contentKey,
        }),
      ),
    );
    let appended = 0;
    for (let i = 0; i < sealed.length; i += 500) {
      const { appendKeyBackupEntries } = await this.session.request(
        AppendKeyBackupEntriesDocument,
        { entries: sealed.slice(i, i + 500) },
      );
      appended += appendKeyBackupEntries;
    }
    return appended;
  }

  /**
   * A new device from the backup: the recovery key (or passphrase) opens the
   * identity key — which must be the one the server serves for the account,
   * and the one this keystore pinned if it pinned one — and every message
   * key; then this device gets its own keys and certificate.
   */
  async restore(secret: { recoveryKey: string } | { passphrase: string }): Promise<{
    identityPublicKey: string;
    fingerprint: string;
    deviceId: string;
    messageKeys: number;
    unreadableEntries: number;
  }> {
    const account = this.session.account;
    const existing = await this.loadOwn(false);
    if (existing?.device) {
      throw new ClientError(
        ClientErrorCode.KeysAlreadyInitialised,
        'this device already holds keys for your account',
      );
    }
    const { myIdentityKey } = await this.session.request(MyIdentityKeyDocument, {});
    if (!myIdentityKey) throw noIdentityKey([account.id]);
    const expected = existing?.pins[account.id]?.identityPublicKey ?? myIdentityKey.publicKey;
    if (expected !== myIdentityKey.publicKey) throw keyChanged([account.id]);
    let page = await this.session.request(MyKeyBackupDocument, { first: 500, after: null });
    if (!page.myKeyBackup) {
      throw new ClientError(ClientErrorCode.NoBackup, 'your account has no key backup');
    }
    const backup = page.myKeyBackup;
    const entries = backup.entries.map((entry) => entry.sealed);
    while (page.myKeyBackup?.hasNextPage) {
      page = await this.session.request(MyKeyBackupDocument, {
        first: 500,
        after: page.myKeyBackup.endCursor,
      });
      entries.push(...(page.myKeyBackup?.entries.map((entry) => entry.sealed) ?? []));
    }
    const restored = restoreBackup({
      certificate: parseBackupKeyCertificate(JSON.parse(backup.backupKeyCertificate)),
      expectedIdentityPublicKey: fromBase64Url(expected, 'identityPublicKey', 32),
      secret:
        'recoveryKey' in secret
          ? { recoveryKey: parseRecoveryKey(secret.recoveryKey) }
          : { passphrase: secret.passphrase },
      sealedIdentity: fromBase64Url(backup.sealedIdentityKey, 'sealedIdentityKey'),
      entries: entries.map((entry) => fromBase64Url(entry, 'entry')),
    });
    const contents: KeystoreContents = {
      version: 1,
      serverUrl: this.serverUrl,
      accountId: account.id,
      identitySeed: toBase64Url(signingSeedOf(restored.identity)),
      device: null,
      pins: {
        ...(existing?.pins ?? {}),
        [account.id]: pinIdentity(existing?.pins[account.id], expected, this.now(), true),
      },
      backup: { certificate: JSON.parse(backup.backupKeyCertificate) },
      messageKeys: {
        ...(existing?.messageKeys ?? {}),
        ...Object.fromEntries(
          restored.keys.map((key) => [key.messageId, toBase64Url(key.contentKey)]),
        ),
      },
    };
    const deviceId = await this.addDevice(contents, restored.identity);
    return {
      identityPublicKey: expected,
      fingerprint: formatFingerprint(account.id, expected),
      deviceId,
      messageKeys: restored.keys.length,
      unreadableEntries: restored.unreadableEntries,
    };
  }

  /** Revokes one of the account's devices (this one too, if asked). */
  async revokeDevice(deviceId: string) {
    const { revokeDevice } = await this.session.request(RevokeDeviceDocument, { deviceId });
    return revokeDevice;
  }

  /** Keeps a message key on this device (and in the backup, if there is one). */
  async keepMessageKey(messageId: string, contentKey: Uint8Array): Promise<void> {
    let added = false;
    await this.update((contents) => {
      if (contents.messageKeys[messageId]) return;
      contents.messageKeys[messageId] = toBase64Url(contentKey);
      added = true;
    });
    if (added) await this.appendToBackup([{ messageId, contentKey }]);
  }

  async messageKey(messageId: string): Promise<Uint8Array | null> {
    const key = (await this.loadOwn(true)).messageKeys[messageId];
    return key ? fromBase64Url(key, 'contentKey', 32) : null;
  }

  /** Whether this device already received (and kept or refused) a message id. */
  async seen(messageId: string): Promise<boolean> {
    const contents = await this.loadOwn(true);
    return messageId in contents.messageKeys || messageId in (contents.rejected ?? {});
  }

  /** Remembers a message that was not accepted, so a redelivery is not shown again. */
  async remember(messageId: string, status: string): Promise<void> {
    if (status === 'ok') return;
    await this.update((contents) => {
      contents.rejected = { ...(contents.rejected ?? {}), [messageId]: status };
    });
  }

  async cursor(): Promise<string | null> {
    return (await this.loadOwn(true)).device?.cursor ?? null;
  }

  async setCursor(cursor: string): Promise<void> {
    await this.update((contents) => {
      if (contents.device) contents.device.cursor = cursor;
    });
  }

  /**
   * The identity keys a message from this account may be certified by: the
   * pinned one and those it replaced (older messages). A first message from
   * someone pins their current key (unverified). `changed` when the server
   * now serves a key other than the pinned one.
   */
  async pinnedKeys(accountId: string): Promise<string[]> {
    const pin = (await this.loadOwn(true)).pins[accountId];
    return pin ? [pin.identityPublicKey, ...pin.previous.map((p) => p.identityPublicKey)] : [];
  }

  async senderIdentities(accountId: string): Promise<string[] | 'changed'> {
    const contents = await this.loadOwn(true);
    let pin = contents.pins[accountId];
    if (!pin) {
      const [identity] = (await this.assess([accountId])).identities;
      if (!identity) return [];
      if (identity.status === 'new') {
        await this.trustNew([accountId]);
        pin = (await this.loadOwn(true)).pins[accountId];
      }
    } else {
      const [identity] = (await this.assess([accountId])).identities;
      if (identity?.status === 'changed') return 'changed';
    }
    return pin ? [pin.identityPublicKey, ...pin.previous.map((p) => p.identityPublicKey)] : [];
  }

  async pin(accountId: string): Promise<Pin | undefined> {
    return (await this.loadOwn(true)).pins[accountId];
  }

  private get serverUrl(): string {
    return this.session.serverUrl;
  }

  private certificateValid(
    device: DeviceFieldsFragment,
    accountId: string,
    identityPublicKey: string,
  ): boolean {
    try {
      const certificate = parseDeviceCertificate(device.certificate);
      if (certificate.accountId !== accountId || certificate.deviceId !== device.deviceId) {
        return false;
      }
      verifyDeviceCertificate(certificate, fromBase64Url(identityPublicKey, 'identityKey', 32));
      return true;
    } catch {
      return false;
    }
  }

  private async addDevice(contents: KeystoreContents, identity: IdentityKeyPair): Promise<string> {
    const s = sodium();
    const deviceId = toBase64Url(s.randombytes_buf(16));
    const signingSeed = s.randombytes_buf(32);
    const encryptionSeed = s.randombytes_buf(32);
    const keys = generateDeviceKeys(deviceId, { signing: signingSeed, encryption: encryptionSeed });
    const certificate = createDeviceCertificate({
      identity,
      accountId: contents.accountId,
      device: keys,
      issuedAt: this.now(),
    });
    contents.device = {
      deviceId,
      signingSeed: toBase64Url(signingSeed),
      encryptionSeed: toBase64Url(encryptionSeed),
      issuedAt: certificate.issuedAt,
    };
    // Saved before the server hears of the device: a crash in between leaves keys, never a device without them.
    await this.keystore.save(contents);
    await this.session.request(RegisterDeviceDocument, {
      certificate: deviceCertificateToJson(certificate),
    });
    return deviceId;
  }

  private async loadOwn(required: true): Promise<KeystoreContents>;
  private async loadOwn(required: false): Promise<KeystoreContents | null>;
  private async loadOwn(required: boolean): Promise<KeystoreContents | null> {
    const contents = await this.keystore.load();
    const accountId = await this.session.actingAccountId();
    if (contents && (contents.accountId !== accountId || contents.serverUrl !== this.serverUrl)) {
      throw new ClientError(
        ClientErrorCode.KeystoreMismatch,
        `this keystore holds keys for another account or server (${contents.serverUrl})`,
      );
    }
    if (!contents && required) {
      throw new ClientError(
        ClientErrorCode.KeysNotInitialised,
        'no keys on this device: run `fpn keys init` (new account) or `fpn keys restore`',
      );
    }
    return contents;
  }

  private async update(change: (contents: KeystoreContents) => void): Promise<void> {
    const contents = await this.loadOwn(true);
    change(contents);
    await this.keystore.save(contents);
  }
}

function identityOf(contents: KeystoreContents): IdentityKeyPair {
  if (contents.identitySeed === null) {
    throw new ClientError(
      ClientErrorCode.MinistrySystem,
      "a ministry system's device holds no identity key: the person who issued its credential does this",
    );
  }
  return generateIdentityKeyPair(fromBase64Url(contents.identitySeed, 'identitySeed', 32));
}

/** The account's identity public key: derived from the seed, or (ministry system) the one pinned. */
function ownIdentityPublicKey(contents: KeystoreContents): string {
  if (contents.identitySeed !== null) return toBase64Url(identityOf(contents).publicKey);
  return contents.pins[contents.accountId].identityPublicKey;
}

function deviceOf(contents: KeystoreContents): DeviceKeys {
  const device = contents.device!;
  return generateDeviceKeys(device.deviceId, {
    signing: fromBase64Url(device.signingSeed, 'signingSeed', 32),
    encryption: fromBase64Url(device.encryptionSeed, 'encryptionSeed', 32),
  });
}

function noIdentityKey(accountIds: string[]): ClientError {
  return new ClientError(
    ClientErrorCode.NoIdentityKey,
    `no identity key you may use for: ${accountIds.join(', ')} (not set up, or not someone you may address)`,
    accountIds,
  );
}

function keyChanged(accountIds: string[]): ClientError {
  return new ClientError(
    ClientErrorCode.KeyChanged,
    `the identity key changed for: ${accountIds.join(', ')} — compare safety numbers before trusting it`,
    accountIds,
  );
}
