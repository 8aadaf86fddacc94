import { fromBase64Url, toBase64Url } from '../encoding/bytes';
import { expectObject } from '../encoding/json';
import { CryptoError, CryptoErrorCode } from '../errors';
import { assertIdentifier } from '../keys/identifiers';
import { SIGNATURE_BYTES } from '../keys/keys';
import {
  ENVELOPE_VERSION,
  MAX_RECIPIENTS,
  NONCE_BYTES,
  SEALED_KEY_BYTES,
  assertEnvelopeShape,
  type Envelope,
} from './envelope';
import { metadataToJson, parseVisibleMetadata } from './metadata';

/** The wire form: JSON, binary fields base64url without padding. */
export interface EnvelopeJson {
  version: number;
  messageId: string;
  threadId: string;
  senderDeviceId: string;
  metadata: Record<string, string>;
  nonce: string;
  ciphertext: string;
  recipients: { deviceId: string; sealedKey: string }[];
  signature: string;
}

export function envelopeToJson(envelope: Envelope): EnvelopeJson {
  return {
    version: envelope.version,
    messageId: envelope.messageId,
    threadId: envelope.threadId,
    senderDeviceId: envelope.senderDeviceId,
    metadata: metadataToJson(envelope.metadata),
    nonce: toBase64Url(envelope.nonce),
    ciphertext: toBase64Url(envelope.ciphertext),
    recipients: envelope.recipients.map((r) => ({
      deviceId: r.deviceId,
      sealedKey: toBase64Url(r.sealedKey),
    })),
    signature: toBase64Url(envelope.signature),
  };
}

/**
 * Strict parse of the wire form (a JSON value, or its text): unknown fields,
 * wrong lengths, non-canonical base64url, unsorted or duplicate recipients and
 * unknown versions are refused. It does not check the signature: call
 * verifyEnvelope with the sender device's key.
 */
export function parseEnvelope(input: unknown): Envelope {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input) as unknown;
    } catch {
      throw new CryptoError(CryptoErrorCode.InvalidEncoding, 'envelope is not JSON');
    }
  }
  const o = expectObject(json, 'envelope', [
    'version',
    'messageId',
    'threadId',
    'senderDeviceId',
    'metadata',
    'nonce',
    'ciphertext',
    'recipients',
    'signature',
  ]);
  if (o.version !== ENVELOPE_VERSION) {
    throw new CryptoError(
      CryptoErrorCode.UnsupportedVersion,
      `envelope version ${String(o.version)}`,
    );
  }
  assertIdentifier(o.messageId, 'messageId');
  assertIdentifier(o.threadId, 'threadId');
  assertIdentifier(o.senderDeviceId, 'senderDeviceId');
  if (
    !Array.isArray(o.recipients) ||
    o.recipients.length === 0 ||
    o.recipients.length > MAX_RECIPIENTS
  ) {
    throw new CryptoError(
      CryptoErrorCode.InvalidField,
      `recipients must be a list of 1-${MAX_RECIPIENTS}`,
    );
  }
  const recipients = (o.recipients as unknown[]).map((item) => {
    const r = expectObject(item, 'recipient', ['deviceId', 'sealedKey']);
    assertIdentifier(r.deviceId, 'recipient deviceId');
    return {
      deviceId: r.deviceId,
      sealedKey: fromBase64Url(r.sealedKey, 'sealedKey', SEALED_KEY_BYTES),
    };
  });
  const envelope: Envelope = {
    version: ENVELOPE_VERSION,
    messageId: o.messageId,
    threadId: o.threadId,
    senderDeviceId: o.senderDeviceId,
    metadata: parseVisibleMetadata(o.metadata),
    nonce: fromBase64Url(o.nonce, 'nonce', NONCE_BYTES),
    ciphertext: fromBase64Url(o.ciphertext, 'ciphertext'),
    recipients,
    signature: fromBase64Url(o.signature, 'signature', SIGNATURE_BYTES),
  };
  assertEnvelopeShape(envelope);
  return envelope;
}
