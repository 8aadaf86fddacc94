import {
  backupKeyCertificateToJson,
  createBackup,
  createDeviceCertificate,
  deviceCertificateToJson,
  type DeviceCertificateJson,
  generateDeviceKeys,
  generateIdentityKeyPair,
  generateRecoveryKey,
  type IdentityKeyPair,
  toBase64Url,
} from '@fpn/crypto';
import { type Principal, UserEntity } from '@fpn/identity';
import { KeyBackups, KeyDirectory } from '@fpn/keys';
import type { TestApp } from '@fpn/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

const NO_SESSION = '00000000-0000-4000-8000-000000000000';

/**
 * Keys for the authorization table: the private halves stay here, as on a
 * person's device; the server gets public keys through the KeyDirectory.
 * Call `initCrypto()` first.
 */
export function keyDirectoryFixtures(app: TestApp) {
  const keys = app.api.get(KeyDirectory);
  const identities = new Map<string, IdentityKeyPair>();
  let serial = 0;

  async function principal(userId: string): Promise<Principal> {
    const user = await app.api.get(DataSource).manager.findOneByOrFail(UserEntity, { id: userId });
    return { user, sessionId: NO_SESSION } as Principal;
  }

  /** The account's identity key, registered on first use. */
  async function identityOf(userId: string): Promise<IdentityKeyPair> {
    let identity = identities.get(userId);
    const current = await keys.myIdentityKey(await principal(userId));
    // A row may have changed the key through the API since: take a fresh one then.
    if (!identity || !current || !current.publicKey.equals(identity.publicKey)) {
      identity = generateIdentityKeyPair();
      await keys.changeIdentityKey(
        await principal(userId),
        toBase64Url(identity.publicKey),
        true,
        {},
      );
      identities.set(userId, identity);
    }
    return identity;
  }

  /** A fresh device's certificate, signed by the account's current identity key. */
  async function certificate(userId: string): Promise<DeviceCertificateJson> {
    return deviceCertificateToJson(
      createDeviceCertificate({
        identity: await identityOf(userId),
        accountId: userId,
        device: generateDeviceKeys(`table-device-${++serial}-${randomUUID()}`),
        issuedAt: app.clock.now(),
      }),
    );
  }

  /** A fresh recovery-key backup of the account, signed by its current identity key. */
  async function backup(userId: string): Promise<{ c: string; s: string }> {
    const created = createBackup({
      identity: await identityOf(userId),
      accountId: userId,
      secret: { recoveryKey: generateRecoveryKey() },
      createdAt: app.clock.now(),
    });
    return {
      c: JSON.stringify(backupKeyCertificateToJson(created.certificate)),
      s: toBase64Url(created.sealedIdentity),
    };
  }

  return {
    /** A fresh random Ed25519 public key, base64url. */
    publicKey: () => toBase64Url(generateIdentityKeyPair().publicKey),
    certificate,
    backup,
    /** The account's backup, published (so entries may be appended to it). */
    async publishedBackup(userId: string): Promise<void> {
      const { c, s } = await backup(userId);
      await app.api.get(KeyBackups).publish(await principal(userId), c, s, {});
    },
    /** An account with an identity key and an active device. */
    async keyed(userId: string): Promise<{ deviceId: string }> {
      const device = await keys.registerDevice(
        await principal(userId),
        await certificate(userId),
        {},
      );
      return { deviceId: device.deviceId };
    },
  };
}
