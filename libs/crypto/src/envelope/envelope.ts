import { assertLength, bytesEqual } from '../encoding/bytes';
import { CanonicalWriter } from '../encoding/canonical';
import { openSealed, sealTo } from '../encoding/seal';
import { CryptoError, CryptoErrorCode } from '../errors';
import { assertIdentifier } from '../keys/identifiers';
import {
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  type DeviceKeys,
  type EncryptionKeyPair,
} from '../keys/keys';
import { sodium } from '../sodium';
import { encodeVisibleMetadata, normalizeVisibleMetadata, type VisibleMetadata } from './metadata';

export const ENVELOPE_VERSION = 1;
export const CONTENT_KEY_BYTES = 32;
export const NONCE_BYTES = 24;
/** A sealed 32-byte content key: ephemeral public key (32) + key (32) + MAC (16). */
export const SEALED_KEY_BYTES = 80;
const AEAD_TAG_BYTES = 16;
export const MAX_RECIPIENTS = 10_000;

export interface EnvelopeRecipient {
  deviceId: string;
  /** The content key, `crypto_box_seal`ed to the device's X25519 key. */
  sealedKey: Uint8Array;
}

/** A message as the server stores and relays it: everything but the body is visible. */
export interface Envelope {
  version: 1;
  messageId: string;
  threadId: string;
  senderDeviceId: string;
  metadata: VisibleMetadata;
  nonce: Uint8Array;
  /** XChaCha20-Poly1305-IETF of the body under the content key, AD = contentAssociatedData. */
  ciphertext: Uint8Array;
  /** Sorted by deviceId (byte order), no duplicates. */
  recipients: EnvelopeRecipient[];
  /** Ed25519 by the sender device over signedEnvelopeBytes. */
  signature: Uint8Array;
}

export interface EncryptEnvelopeInput {
  sender: Pick<DeviceKeys, 'deviceId' | 'signing'>;
  recipients: { deviceId: string; encryptionPublicKey: Uint8Array }[];
  body: Uint8Array;
  metadata: VisibleMetadata;
  ids: { messageId: string; threadId: string };
}

/**
 * Fixed randomness, for the test-vector generator only: production callers use
 * encryptEnvelope, which always draws a fresh key, nonce and ephemeral keys.
 */
export interface FixedEnvelopeRandomness {
  contentKey: Uint8Array;
  nonce?: Uint8Array;
  /** One seed per recipient, in the caller's recipient order. */
  ephemeralSeeds?: Uint8Array[];
}

export interface OpenedEnvelope {
  body: Uint8Array;
  /** Kept so the device can append it to the key backup. */
  contentKey: Uint8Array;
}

export function encryptEnvelope(input: EncryptEnvelopeInput): Envelope {
  return buildEnvelope(input);
}

/**
 * As encryptEnvelope, also returning the fresh content key, so the sending
 * device can keep it (and back it up) to read what it sent: the sender's own
 * device is not among the recipients.
 */
export function encryptEnvelopeKeepingKey(input: EncryptEnvelopeInput): {
  envelope: Envelope;
  contentKey: Uint8Array;
} {
  const contentKey = sodium().crypto_aead_xchacha20poly1305_ietf_keygen();
  return { envelope: buildEnvelope(input, { contentKey }), contentKey };
}

/** @internal Used by encryptEnvelope and by the vector generator. */
export function buildEnvelope(
  input: EncryptEnvelopeInput,
  fixed?: FixedEnvelopeRandomness,
): Envelope {
  const s = sodium();
  assertIdentifier(input.ids.messageId, 'messageId');
  assertIdentifier(input.ids.threadId, 'threadId');
  assertIdentifier(input.sender.deviceId, 'senderDeviceId');
  const metadata = normalizeVisibleMetadata(input.metadata);
  if (input.recipients.length === 0 || input.recipients.length > MAX_RECIPIENTS) {
    throw new CryptoError(
      CryptoErrorCode.InvalidField,
      `an envelope has 1-${MAX_RECIPIENTS} recipients`,
    );
  }
  const contentKey = fixed?.contentKey ?? s.crypto_aead_xchacha20poly1305_ietf_keygen();
  const nonce = fixed?.nonce ?? s.randombytes_buf(NONCE_BYTES);
  assertLength(contentKey, CONTENT_KEY_BYTES, 'contentKey');
  assertLength(nonce, NONCE_BYTES, 'nonce');

  const header = {
    version: ENVELOPE_VERSION,
    messageId: input.ids.messageId,
    threadId: input.ids.threadId,
    senderDeviceId: input.sender.deviceId,
    metadata,
  } as const;
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(
    input.body,
    contentAssociatedData(header),
    null,
    nonce,
    contentKey,
  );
  const recipients = input.recipients.map((recipient, i) => {
    assertIdentifier(recipient.deviceId, 'recipient deviceId');
    assertLength(recipient.encryptionPublicKey, PUBLIC_KEY_BYTES, 'recipient encryptionPublicKey');
    return {
      deviceId: recipient.deviceId,
      sealedKey: sealTo(contentKey, recipient.encryptionPublicKey, fixed?.ephemeralSeeds?.[i]),
    };
  });
  recipients.sort((a, b) => compareIds(a.deviceId, b.deviceId));
  assertCanonicalRecipients(recipients);
  if (!fixed) s.memzero(contentKey);

  const unsigned = { ...header, nonce, ciphertext, recipients };
  const signature = s.crypto_sign_detached(
    signedEnvelopeBytes(unsigned),
    input.sender.signing.secretKey,
  );
  return { ...unsigned, signature };
}

/**
 * What the server runs on every message: structure, lengths, recipient order
 * and the sender device's signature. It needs no secret. Throws a CryptoError.
 */
export function verifyEnvelope(envelope: Envelope, senderSigningPublicKey: Uint8Array): void {
  assertEnvelopeShape(envelope);
  assertLength(senderSigningPublicKey, PUBLIC_KEY_BYTES, 'senderSigningPublicKey');
  const ok = sodium().crypto_sign_verify_detached(
    envelope.signature,
    signedEnvelopeBytes(envelope),
    senderSigningPublicKey,
  );
  if (!ok)
    throw new CryptoError(CryptoErrorCode.BadSignature, 'envelope signature does not verify');
}

/** Verifies the envelope, then opens this device's sealed key and the body. */
export function openEnvelope(
  envelope: Envelope,
  recipient: { deviceId: string; encryption: EncryptionKeyPair },
  senderSigningPublicKey: Uint8Array,
): OpenedEnvelope {
  verifyEnvelope(envelope, senderSigningPublicKey);
  const entry = envelope.recipients.find((r) => r.deviceId === recipient.deviceId);
  const contentKey =
    entry &&
    openSealed(entry.sealedKey, recipient.encryption.publicKey, recipient.encryption.secretKey);
  if (!contentKey || contentKey.length !== CONTENT_KEY_BYTES) {
    throw new CryptoError(CryptoErrorCode.NotARecipient, 'this device cannot open the envelope');
  }
  return { body: decryptBody(envelope, contentKey), contentKey };
}

/** Verifies the envelope, then opens the body with a content key from the key backup. */
export function openEnvelopeWithContentKey(
  envelope: Envelope,
  contentKey: Uint8Array,
  senderSigningPublicKey: Uint8Array,
): Uint8Array {
  verifyEnvelope(envelope, senderSigningPublicKey);
  assertLength(contentKey, CONTENT_KEY_BYTES, 'contentKey');
  return decryptBody(envelope, contentKey);
}

function decryptBody(envelope: Envelope, contentKey: Uint8Array): Uint8Array {
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      envelope.ciphertext,
      contentAssociatedData(envelope),
      envelope.nonce,
      contentKey,
    );
  } catch {
    throw new CryptoError(
      CryptoErrorCode.DecryptionFailed,
      'the body does not decrypt under this key',
    );
  }
}

type EnvelopeHeader = Pick<
  Envelope,
  'version' | 'messageId' | 'threadId' | 'senderDeviceId' | 'metadata'
>;

/** The AEAD associated data: binds the body to its ids and visible metadata. */
export function contentAssociatedData(header: EnvelopeHeader): Uint8Array {
  return new CanonicalWriter('fpn/envelope/v1/content')
    .uint32(header.version)
    .string(header.messageId)
    .string(header.threadId)
    .string(header.senderDeviceId)
    .bytes(encodeVisibleMetadata(header.metadata))
    .finish();
}

/** What the sender device signs: every field but the signature, recipients in canonical order. */
export function signedEnvelopeBytes(envelope: Omit<Envelope, 'signature'>): Uint8Array {
  const writer = new CanonicalWriter('fpn/envelope/v1/signature')
    .uint32(envelope.version)
    .string(envelope.messageId)
    .string(envelope.threadId)
    .string(envelope.senderDeviceId)
    .bytes(encodeVisibleMetadata(envelope.metadata))
    .bytes(envelope.nonce)
    .bytes(envelope.ciphertext)
    .uint32(envelope.recipients.length);
  for (const recipient of envelope.recipients) {
    writer.string(recipient.deviceId).bytes(recipient.sealedKey);
  }
  return writer.finish();
}

/** Every rule the wire parser enforces, for envelopes built in memory too. */
export function assertEnvelopeShape(envelope: Envelope): void {
  if (envelope.version !== ENVELOPE_VERSION) {
    throw new CryptoError(
      CryptoErrorCode.UnsupportedVersion,
      `envelope version ${String(envelope.version)}`,
    );
  }
  assertIdentifier(envelope.messageId, 'messageId');
  assertIdentifier(envelope.threadId, 'threadId');
  assertIdentifier(envelope.senderDeviceId, 'senderDeviceId');
  normalizeVisibleMetadata(envelope.metadata);
  assertLength(envelope.nonce, NONCE_BYTES, 'nonce');
  if (!(envelope.ciphertext instanceof Uint8Array) || envelope.ciphertext.length < AEAD_TAG_BYTES) {
    throw new CryptoError(CryptoErrorCode.InvalidField, 'ciphertext is shorter than its tag');
  }
  if (envelope.recipients.length === 0 || envelope.recipients.length > MAX_RECIPIENTS) {
    throw new CryptoError(
      CryptoErrorCode.InvalidField,
      `an envelope has 1-${MAX_RECIPIENTS} recipients`,
    );
  }
  for (const recipient of envelope.recipients) {
    assertIdentifier(recipient.deviceId, 'recipient deviceId');
    assertLength(recipient.sealedKey, SEALED_KEY_BYTES, 'sealedKey');
  }
  assertCanonicalRecipients(envelope.recipients);
  assertLength(envelope.signature, SIGNATURE_BYTES, 'signature');
}

function assertCanonicalRecipients(recipients: EnvelopeRecipient[]): void {
  for (let i = 1; i < recipients.length; i++) {
    if (compareIds(recipients[i - 1].deviceId, recipients[i].deviceId) >= 0) {
      throw new CryptoError(
        CryptoErrorCode.InvalidField,
        'recipients must be sorted by deviceId without duplicates',
      );
    }
  }
}

/** Identifiers are ASCII, so code-unit order is byte order. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when two envelopes are byte-identical in every signed field and the signature. */
export function envelopesEqual(a: Envelope, b: Envelope): boolean {
  return (
    bytesEqual(signedEnvelopeBytes(a), signedEnvelopeBytes(b)) &&
    bytesEqual(a.signature, b.signature)
  );
}
