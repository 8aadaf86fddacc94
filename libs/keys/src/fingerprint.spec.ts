import { fingerprintDigits, generateIdentityKeyPair, initCrypto, safetyNumber } from '@fpn/crypto';
import { readableFingerprint } from './fingerprint';

const ACCOUNT = '3f2a8c1e-0b7d-4e5f-9a6b-1c2d3e4f5a6b';

describe('readableFingerprint', () => {
  beforeAll(() => initCrypto());

  it('is the 30 fingerprint digits in six groups of five', () => {
    const { publicKey } = generateIdentityKeyPair();
    const readable = readableFingerprint(ACCOUNT, publicKey);
    expect(readable).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(readable.replace(/ /g, '')).toBe(
      fingerprintDigits({ accountId: ACCOUNT, identityPublicKey: publicKey }),
    );
  });

  it('is one half of the safety number both parties compute', () => {
    const mine = { accountId: ACCOUNT, identityPublicKey: generateIdentityKeyPair().publicKey };
    const theirs = {
      accountId: ACCOUNT.replace('3f', '4f'),
      identityPublicKey: generateIdentityKeyPair().publicKey,
    };
    const halves = [mine, theirs].map((party) =>
      readableFingerprint(party.accountId, party.identityPublicKey).replace(/ /g, ''),
    );
    expect(halves.sort().join('')).toBe(safetyNumber(mine, theirs).digits);
  });
});
