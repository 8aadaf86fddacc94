import { CryptoError, CryptoErrorCode } from '../errors';
import { initCrypto } from '../sodium';
import {
  createDeviceCertificate,
  deviceCertificateToJson,
  parseDeviceCertificate,
  verifyDeviceCertificate,
} from './device-certificate';
import { generateDeviceKeys, generateIdentityKeyPair, signingSeedOf } from './keys';

describe('keys and device certificates', () => {
  beforeAll(() => initCrypto());

  it('derives the same keys from the same seed and different keys from randomness', () => {
    const seed = new Uint8Array(32).fill(7);
    expect(generateIdentityKeyPair(seed)).toEqual(generateIdentityKeyPair(seed));
    expect(signingSeedOf(generateIdentityKeyPair(seed))).toEqual(seed);
    expect(generateIdentityKeyPair().publicKey).not.toEqual(generateIdentityKeyPair().publicKey);
    expect(() => generateIdentityKeyPair(new Uint8Array(31))).toThrow(CryptoError);
  });

  it('verifies a certificate the identity key signed, through its JSON form', () => {
    const identity = generateIdentityKeyPair();
    const device = generateDeviceKeys('laptop-1');
    const cert = createDeviceCertificate({
      identity,
      accountId: 'acct-1',
      device,
      issuedAt: new Date('2026-01-02T03:04:05.678Z'),
    });
    const parsed = parseDeviceCertificate(
      JSON.parse(JSON.stringify(deviceCertificateToJson(cert))),
    );
    expect(() => verifyDeviceCertificate(parsed, identity.publicKey)).not.toThrow();
  });

  it('refuses a certificate by another identity or with any field changed', () => {
    const identity = generateIdentityKeyPair();
    const device = generateDeviceKeys('laptop-1');
    const cert = createDeviceCertificate({
      identity,
      accountId: 'acct-1',
      device,
      issuedAt: new Date(0),
    });
    const other = generateIdentityKeyPair();
    expect(() => verifyDeviceCertificate(cert, other.publicKey)).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.BadSignature }),
    );
    const changed = [
      { ...cert, accountId: 'acct-2' },
      { ...cert, deviceId: 'laptop-2' },
      { ...cert, issuedAt: '1970-01-01T00:00:00.001Z' },
      { ...cert, encryptionPublicKey: generateDeviceKeys('x').encryption.publicKey },
      { ...cert, signingPublicKey: generateDeviceKeys('x').signing.publicKey },
    ];
    for (const forged of changed) {
      expect(() => verifyDeviceCertificate(forged, identity.publicKey)).toThrow(
        expect.objectContaining({ code: CryptoErrorCode.BadSignature }),
      );
    }
    const json = { ...deviceCertificateToJson(cert), version: 9 };
    expect(() => parseDeviceCertificate(json)).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.UnsupportedVersion }),
    );
  });
});
