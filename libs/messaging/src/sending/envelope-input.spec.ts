import { DomainError } from '@fpn/core';
import {
  encryptEnvelope,
  envelopeToJson,
  generateDeviceKeys,
  initCrypto,
  utf8,
  type EnvelopeJson,
} from '@fpn/crypto';
import { receiveEnvelope } from './envelope-input';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, ...error.details };
    throw error;
  }
  throw new Error('accepted');
};

describe('receiveEnvelope', () => {
  let json: EnvelopeJson;

  beforeAll(async () => {
    await initCrypto();
    const sender = generateDeviceKeys('sender-device');
    const recipient = generateDeviceKeys('recipient-device');
    json = envelopeToJson(
      encryptEnvelope({
        sender,
        recipients: [
          { deviceId: recipient.deviceId, encryptionPublicKey: recipient.encryption.publicKey },
        ],
        body: utf8('x'.repeat(100)),
        metadata: { category: 'ALERT', priority: 'URGENT', handlingCode: 'H2' },
        ids: { messageId: 'message-1', threadId: 'thread-1' },
      }),
    );
  });

  it('keeps the canonical form: the same envelope, however it is spaced, hashes alike', () => {
    const compact = receiveEnvelope(JSON.stringify(json), 1024);
    const spaced = receiveEnvelope(JSON.stringify(json, null, 2), 1024);
    expect(compact.canonical).toBe(JSON.stringify(json));
    expect(spaced.canonical).toBe(compact.canonical);
    expect(spaced.sha256.equals(compact.sha256)).toBe(true);
    expect(compact.sha256).toHaveLength(32);
  });

  it('answers a protocol refusal as BAD_USER_INPUT on the envelope, with the CRYPTO_* code', () => {
    expect(refusal(() => receiveEnvelope('{not json', 1024))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'envelope',
      reason: 'CRYPTO_INVALID_ENCODING',
    });
    expect(
      refusal(() => receiveEnvelope(JSON.stringify({ ...json, version: 2 }), 1024)),
    ).toMatchObject({ field: 'envelope', reason: 'CRYPTO_UNSUPPORTED_VERSION' });
  });

  it('refuses a body over the limit (the ciphertext: body + 16-byte tag)', () => {
    expect(receiveEnvelope(JSON.stringify(json), 116).envelope.ciphertext).toHaveLength(116);
    expect(refusal(() => receiveEnvelope(JSON.stringify(json), 115))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'envelope',
      reason: 'MESSAGE_TOO_LARGE',
      maxBytes: 115,
    });
  });
});
