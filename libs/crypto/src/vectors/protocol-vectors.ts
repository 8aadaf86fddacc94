import {
  AttachmentEncryptor,
  attachmentReferenceToJson,
  type AttachmentReferenceJson,
} from '../attachments/attachment-stream';
import {
  backupKeyCertificateToJson,
  buildBackup,
  buildBackupEntry,
  type BackupKeyCertificateJson,
} from '../backup/key-backup';
import { formatRecoveryKey } from '../backup/recovery-key';
import { concatBytes, toBase64Url, utf8 } from '../encoding/bytes';
import { buildEnvelope, contentAssociatedData, signedEnvelopeBytes } from '../envelope/envelope';
import { envelopeToJson, type EnvelopeJson } from '../envelope/envelope-json';
import {
  createDeviceCertificate,
  deviceCertificateSignedBytes,
  deviceCertificateToJson,
  type DeviceCertificateJson,
} from '../keys/device-certificate';
import { generateDeviceKeys, generateIdentityKeyPair, type DeviceKeys } from '../keys/keys';
import { safetyNumber } from '../safety-numbers/safety-number';
import { sodium } from '../sodium';

/**
 * Every seed, key, nonce and ephemeral key of the vectors is
 * BLAKE2b-256("fpn/vector/" + name), so anyone can recompute them.
 */
export function vectorSeed(name: string): Uint8Array {
  return sodium().crypto_generichash(32, utf8(`fpn/vector/${name}`), null);
}

export function vectorDevice(name: string): DeviceKeys {
  return generateDeviceKeys(`dev-${name}`, {
    signing: vectorSeed(`${name}/signing`),
    encryption: vectorSeed(`${name}/encryption`),
  });
}

export interface AttachmentVector {
  plaintextUtf8: string;
  reference: AttachmentReferenceJson;
  ciphertext: string;
}

export interface ProtocolVectors {
  description: string;
  encoding: string;
  accounts: {
    name: string;
    accountId: string;
    identitySeed: string;
    identityPublicKey: string;
  }[];
  devices: {
    deviceId: string;
    signingSeed: string;
    signingPublicKey: string;
    encryptionSeed: string;
    encryptionPublicKey: string;
  }[];
  deviceCertificate: { json: DeviceCertificateJson; signedBytesHex: string };
  envelope: {
    contentKey: string;
    nonce: string;
    ephemeralSeeds: string[];
    bodyUtf8: string;
    associatedDataHex: string;
    signedBytesHex: string;
    json: EnvelopeJson;
    senderAccount: string;
    nonRecipientDeviceId: string;
  };
  safetyNumber: { between: [string, string]; digits: string; groups: string[] };
  backup: {
    account: string;
    recoveryKey: string;
    recoveryKeyText: string;
    certificate: BackupKeyCertificateJson;
    identityEphemeralSeed: string;
    sealedIdentity: string;
    entries: { messageId: string; ephemeralSeed: string; sealed: string }[];
  };
  attachment: AttachmentVector;
}

/**
 * The vectors, computed from fixed seeds. secretstream draws its header from
 * libsodium's RNG with no way to inject it, so the attachment vector is made
 * once and passed back in (the test decrypts it instead of recomputing it).
 */
export function buildProtocolVectors(attachment: AttachmentVector): ProtocolVectors {
  const s = sodium();
  const b64 = toBase64Url;
  const accounts = ['alice', 'bob'].map((name) => {
    const identity = generateIdentityKeyPair(vectorSeed(`${name}/identity`));
    return { name, accountId: `acct-${name}`, identity };
  });
  const [alice, bob] = accounts;
  const devices = ['alice-laptop', 'bob-phone', 'bob-laptop', 'carol-phone'].map(vectorDevice);
  const [sender, bobPhone, bobLaptop, carol] = devices;

  const certificate = createDeviceCertificate({
    identity: alice.identity,
    accountId: alice.accountId,
    device: sender,
    issuedAt: new Date('2026-01-15T09:30:00.000Z'),
  });

  const contentKey = vectorSeed('envelope/content-key');
  const nonce = vectorSeed('envelope/nonce').subarray(0, 24);
  const recipients = [bobPhone, bobLaptop, sender];
  const ephemeralSeeds = recipients.map((d) => vectorSeed(`envelope/ephemeral/${d.deviceId}`));
  const body = 'Request for assistance: please confirm the registration of vessel IMO 9999999.';
  const envelope = buildEnvelope(
    {
      sender,
      recipients: recipients.map((d) => ({
        deviceId: d.deviceId,
        encryptionPublicKey: d.encryption.publicKey,
      })),
      body: utf8(body),
      metadata: {
        category: 'REQUEST_FOR_ASSISTANCE',
        priority: 'URGENT',
        handlingCode: 'H1',
        sourceReliability: 'B',
        informationAccuracy: '2',
        dueDate: '2026-01-15T17:30:00.000Z',
      },
      ids: {
        messageId: '0194b6a0-0000-7000-8000-000000000001',
        threadId: '0194b6a0-0000-7000-8000-0000000000aa',
      },
    },
    { contentKey, nonce, ephemeralSeeds },
  );

  const recoveryKey = vectorSeed('backup/recovery-key');
  const identityEphemeralSeed = vectorSeed('backup/ephemeral/identity');
  const backup = buildBackup(
    {
      identity: bob.identity,
      accountId: bob.accountId,
      secret: { recoveryKey },
      createdAt: new Date('2026-01-10T00:00:00.000Z'),
    },
    { ephemeralSeed: identityEphemeralSeed },
  );
  const entrySeed = vectorSeed('backup/ephemeral/entry-1');
  const entry = buildBackupEntry(
    {
      accountId: bob.accountId,
      backupPublicKey: backup.certificate.backupPublicKey,
      messageId: envelope.messageId,
      contentKey,
    },
    entrySeed,
  );
  const safety = safetyNumber(
    { accountId: alice.accountId, identityPublicKey: alice.identity.publicKey },
    { accountId: bob.accountId, identityPublicKey: bob.identity.publicKey },
  );

  return {
    description:
      'Focal Points Network protocol v1 test vectors (docs/protocol.md). Binary fields are base64url without padding; *Hex fields are the exact bytes signed or authenticated. Regenerate with libs/crypto/src/vectors/generate-vectors.ts.',
    encoding: 'seed(name) = BLAKE2b-256("fpn/vector/" + name)',
    accounts: accounts.map((a) => ({
      name: a.name,
      accountId: a.accountId,
      identitySeed: b64(vectorSeed(`${a.name}/identity`)),
      identityPublicKey: b64(a.identity.publicKey),
    })),
    devices: devices.map((d) => ({
      deviceId: d.deviceId,
      signingSeed: b64(vectorSeed(`${d.deviceId.slice(4)}/signing`)),
      signingPublicKey: b64(d.signing.publicKey),
      encryptionSeed: b64(vectorSeed(`${d.deviceId.slice(4)}/encryption`)),
      encryptionPublicKey: b64(d.encryption.publicKey),
    })),
    deviceCertificate: {
      json: deviceCertificateToJson(certificate),
      signedBytesHex: s.to_hex(deviceCertificateSignedBytes(certificate)),
    },
    envelope: {
      contentKey: b64(contentKey),
      nonce: b64(nonce),
      ephemeralSeeds: ephemeralSeeds.map(b64),
      bodyUtf8: body,
      associatedDataHex: s.to_hex(contentAssociatedData(envelope)),
      signedBytesHex: s.to_hex(signedEnvelopeBytes(envelope)),
      json: envelopeToJson(envelope),
      senderAccount: alice.accountId,
      nonRecipientDeviceId: carol.deviceId,
    },
    safetyNumber: {
      between: [alice.accountId, bob.accountId],
      digits: safety.digits,
      groups: safety.groups,
    },
    backup: {
      account: bob.accountId,
      recoveryKey: b64(recoveryKey),
      recoveryKeyText: formatRecoveryKey(recoveryKey),
      certificate: backupKeyCertificateToJson(backup.certificate),
      identityEphemeralSeed: b64(identityEphemeralSeed),
      sealedIdentity: b64(backup.sealedIdentity),
      entries: [
        { messageId: envelope.messageId, ephemeralSeed: b64(entrySeed), sealed: b64(entry) },
      ],
    },
    attachment,
  };
}

/** Encrypts the attachment vector's plaintext once (random header: see buildProtocolVectors). */
export async function makeAttachmentVector(): Promise<AttachmentVector> {
  const plaintextUtf8 = 'Attachment vector: one short final chunk.';
  const encryptor = new AttachmentEncryptor();
  const parts: Uint8Array[] = [];
  for await (const part of encryptor.encrypt([utf8(plaintextUtf8)])) parts.push(part);
  return {
    plaintextUtf8,
    reference: attachmentReferenceToJson(encryptor.reference()),
    ciphertext: toBase64Url(concatBytes(...parts)),
  };
}
