import { initCrypto } from '@fpn/crypto';
import { ClientErrorCode } from '../errors';
import type { KeystoreContents } from './keystore-contents';
import { KEYSTORE_MIN_KDF, openKeystore, sealKeystore } from './keystore-seal';

const contents: KeystoreContents = {
  version: 1,
  serverUrl: 'https://fpn.example',
  accountId: 'a1',
  identitySeed: 'SEED-THAT-MUST-NOT-SHOW',
  device: null,
  pins: {},
  backup: null,
  messageKeys: {},
};
const passphrase = 'correct horse battery';
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'no error';
};

describe('keystore sealing', () => {
  beforeAll(() => initCrypto());

  it('opens with the passphrase and shows nothing in the clear', () => {
    const sealed = sealKeystore(contents, passphrase, KEYSTORE_MIN_KDF);
    expect(JSON.stringify(sealed)).not.toContain('SEED');
    expect(openKeystore(sealed, passphrase)).toEqual(contents);
  });

  it('refuses a wrong passphrase, an altered byte and a lowered KDF cost alike', () => {
    const sealed = sealKeystore(contents, passphrase, KEYSTORE_MIN_KDF);
    expect(codeOf(() => openKeystore(sealed, 'wrong horse battery'))).toBe(
      ClientErrorCode.KeystoreLocked,
    );
    const flipped = sealed.ciphertext.startsWith('A') ? 'B' : 'A';
    expect(
      codeOf(() =>
        openKeystore({ ...sealed, ciphertext: flipped + sealed.ciphertext.slice(1) }, passphrase),
      ),
    ).toBe(ClientErrorCode.KeystoreLocked);
    const cheaper = { ...sealed, kdf: { ...sealed.kdf, memLimitBytes: 1024 * 1024 } };
    expect(codeOf(() => openKeystore(cheaper, passphrase))).toBe(ClientErrorCode.KeystoreInvalid);
    expect(codeOf(() => openKeystore({ format: 'other' }, passphrase))).toBe(
      ClientErrorCode.KeystoreInvalid,
    );
  });

  it('refuses a short passphrase', () => {
    expect(codeOf(() => sealKeystore(contents, 'short', KEYSTORE_MIN_KDF))).toBe(
      ClientErrorCode.WeakPassphrase,
    );
  });
});
