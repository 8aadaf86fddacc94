import { utf8 } from '../encoding/bytes';
import { CryptoError, CryptoErrorCode } from '../errors';
import { generateDeviceKeys, type DeviceKeys } from '../keys/keys';
import { initCrypto, sodium } from '../sodium';
import {
  encryptEnvelope,
  openEnvelope,
  openEnvelopeWithContentKey,
  verifyEnvelope,
  type Envelope,
} from './envelope';
import { envelopeToJson, parseEnvelope, type EnvelopeJson } from './envelope-json';
import type { VisibleMetadata } from './metadata';

const metadata: VisibleMetadata = {
  category: 'REQUEST_FOR_ASSISTANCE',
  priority: 'URGENT',
  handlingCode: 'H2',
  sourceReliability: 'B',
  informationAccuracy: '2',
  dueDate: '2026-03-01T08:00:00.000Z',
};

function expectCode(fn: () => unknown, code: CryptoErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CryptoError);
  expect((caught as CryptoError).code).toBe(code);
}

describe('message envelope', () => {
  let sender: DeviceKeys;
  let alice: DeviceKeys;
  let bob: DeviceKeys;
  let mallory: DeviceKeys;
  let envelope: Envelope;

  beforeAll(async () => {
    await initCrypto();
    sender = generateDeviceKeys('dev-sender');
    alice = generateDeviceKeys('dev-alice');
    bob = generateDeviceKeys('dev-bob');
    mallory = generateDeviceKeys('dev-mallory');
    envelope = encryptEnvelope({
      sender,
      recipients: [
        { deviceId: bob.deviceId, encryptionPublicKey: bob.encryption.publicKey },
        { deviceId: alice.deviceId, encryptionPublicKey: alice.encryption.publicKey },
      ],
      body: utf8('hello'),
      metadata,
      ids: { messageId: 'msg-1', threadId: 'thread-1' },
    });
  });

  it('lets every recipient device open the body and gives it the content key to back up', () => {
    for (const device of [alice, bob]) {
      const opened = openEnvelope(envelope, device, sender.signing.publicKey);
      expect(sodium().to_string(opened.body)).toBe('hello');
      expect(
        openEnvelopeWithContentKey(envelope, opened.contentKey, sender.signing.publicKey),
      ).toEqual(opened.body);
    }
  });

  it('keeps recipients in canonical order whatever order the sender gave', () => {
    expect(envelope.recipients.map((r) => r.deviceId)).toEqual(['dev-alice', 'dev-bob']);
  });

  it('refuses a device that is not a recipient, even one claiming a recipient id', () => {
    expectCode(
      () => openEnvelope(envelope, mallory, sender.signing.publicKey),
      CryptoErrorCode.NotARecipient,
    );
    expectCode(
      () => openEnvelope(envelope, { ...mallory, deviceId: 'dev-alice' }, sender.signing.publicKey),
      CryptoErrorCode.NotARecipient,
    );
  });

  it('refuses a wrong content key and a signature by another device', () => {
    expectCode(
      () => openEnvelopeWithContentKey(envelope, new Uint8Array(32), sender.signing.publicKey),
      CryptoErrorCode.DecryptionFailed,
    );
    expectCode(
      () => verifyEnvelope(envelope, alice.signing.publicKey),
      CryptoErrorCode.BadSignature,
    );
  });

  it('round-trips through the JSON wire form and still verifies', () => {
    const text = JSON.stringify(envelopeToJson(envelope));
    const parsed = parseEnvelope(text);
    verifyEnvelope(parsed, sender.signing.publicKey);
    expect(sodium().to_string(openEnvelope(parsed, bob, sender.signing.publicKey).body)).toBe(
      'hello',
    );
  });

  it('fails verification when any single byte of any binary field is flipped', () => {
    const json = envelopeToJson(envelope);
    let flips = 0;
    const binaryFields: ((j: EnvelopeJson) => { get: () => string; set: (v: string) => void })[] = [
      (j) => ({ get: () => j.nonce, set: (v) => (j.nonce = v) }),
      (j) => ({ get: () => j.ciphertext, set: (v) => (j.ciphertext = v) }),
      (j) => ({ get: () => j.signature, set: (v) => (j.signature = v) }),
      (j) => ({
        get: () => j.recipients[0].sealedKey,
        set: (v) => (j.recipients[0].sealedKey = v),
      }),
      (j) => ({
        get: () => j.recipients[1].sealedKey,
        set: (v) => (j.recipients[1].sealedKey = v),
      }),
    ];
    const s = sodium();
    for (const field of binaryFields) {
      const bytes = s.from_base64(field(json).get(), s.base64_variants.URLSAFE_NO_PADDING);
      for (let i = 0; i < bytes.length; i++) {
        for (const mask of [0x01, 0x80]) {
          const copy = structuredClone(json);
          const flipped = bytes.slice();
          flipped[i] ^= mask;
          field(copy).set(s.to_base64(flipped, s.base64_variants.URLSAFE_NO_PADDING));
          expectCode(
            () => verifyEnvelope(parseEnvelope(copy), sender.signing.publicKey),
            CryptoErrorCode.BadSignature,
          );
          flips++;
        }
      }
    }
    expect(flips).toBe(2 * (24 + 5 + 16 + 64 + 80 + 80));
  });

  it('fails when any character of any text field or metadata value is changed', () => {
    const json = envelopeToJson(envelope);
    const textFields: ((j: EnvelopeJson) => [Record<string, string>, string])[] = [
      (j) => [j as unknown as Record<string, string>, 'messageId'],
      (j) => [j as unknown as Record<string, string>, 'threadId'],
      (j) => [j as unknown as Record<string, string>, 'senderDeviceId'],
      (j) => [j.recipients[0], 'deviceId'],
      (j) => [j.recipients[1], 'deviceId'],
      ...Object.keys(json.metadata).map(
        (key) => (j: EnvelopeJson) => [j.metadata, key] as [Record<string, string>, string],
      ),
    ];
    for (const field of textFields) {
      const [holder, key] = field(json);
      const value = holder[key];
      for (let i = 0; i < value.length; i++) {
        for (const replacement of ['0', 'Z', 'H', '3']) {
          if (value[i] === replacement) continue;
          const copy = structuredClone(json);
          const [target] = field(copy);
          target[key] = value.slice(0, i) + replacement + value.slice(i + 1);
          expect(() => verifyEnvelope(parseEnvelope(copy), sender.signing.publicKey)).toThrow(
            CryptoError,
          );
        }
      }
    }
  });

  it('fails when a recipient is dropped, added or the metadata loses an optional field', () => {
    const json = envelopeToJson(envelope);
    const dropped = structuredClone(json);
    dropped.recipients.pop();
    expectCode(
      () => verifyEnvelope(parseEnvelope(dropped), sender.signing.publicKey),
      CryptoErrorCode.BadSignature,
    );
    const added = structuredClone(json);
    added.recipients.push({ deviceId: 'dev-zz', sealedKey: json.recipients[0].sealedKey });
    expectCode(
      () => verifyEnvelope(parseEnvelope(added), sender.signing.publicKey),
      CryptoErrorCode.BadSignature,
    );
    const stripped = structuredClone(json);
    delete stripped.metadata.dueDate;
    expectCode(
      () => verifyEnvelope(parseEnvelope(stripped), sender.signing.publicKey),
      CryptoErrorCode.BadSignature,
    );
  });

  it('parses strictly, with stable error codes', () => {
    const json = envelopeToJson(envelope);
    const cases: [(j: Record<string, unknown>) => void, CryptoErrorCode][] = [
      [(j) => (j.version = 2), CryptoErrorCode.UnsupportedVersion],
      [(j) => (j.nonce = (j.nonce as string).slice(0, 28)), CryptoErrorCode.InvalidKeyLength],
      [(j) => (j.signature = (j.signature as string) + 'AA'), CryptoErrorCode.InvalidKeyLength],
      [(j) => (j.nonce = (j.nonce as string).replace(/.$/, '=')), CryptoErrorCode.InvalidEncoding],
      [(j) => (j.extra = 1), CryptoErrorCode.InvalidField],
      [(j) => (j.recipients = []), CryptoErrorCode.InvalidField],
      [
        (j) => (j.recipients = [json.recipients[1], json.recipients[0]]),
        CryptoErrorCode.InvalidField,
      ],
      [
        (j) => (j.recipients = [json.recipients[0], json.recipients[0]]),
        CryptoErrorCode.InvalidField,
      ],
      [
        (j) => (j.metadata = { ...json.metadata, category: 'GOSSIP' }),
        CryptoErrorCode.InvalidField,
      ],
      [
        (j) => (j.metadata = { ...json.metadata, dueDate: '2026-03-01' }),
        CryptoErrorCode.InvalidField,
      ],
      [(j) => (j.messageId = 'has space'), CryptoErrorCode.InvalidField],
    ];
    for (const [mutate, code] of cases) {
      const copy = structuredClone(json) as unknown as Record<string, unknown>;
      mutate(copy);
      expectCode(() => parseEnvelope(copy), code);
    }
    expectCode(() => parseEnvelope('{not json'), CryptoErrorCode.InvalidEncoding);
  });

  it('refuses to encrypt to nobody or to a malformed key', () => {
    const base = { sender, body: utf8('x'), metadata, ids: { messageId: 'm', threadId: 't' } };
    expectCode(() => encryptEnvelope({ ...base, recipients: [] }), CryptoErrorCode.InvalidField);
    expectCode(
      () =>
        encryptEnvelope({
          ...base,
          recipients: [{ deviceId: 'd', encryptionPublicKey: new Uint8Array(31) }],
        }),
      CryptoErrorCode.InvalidKeyLength,
    );
  });
});
