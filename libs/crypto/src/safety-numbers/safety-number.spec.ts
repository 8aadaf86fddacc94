import { generateIdentityKeyPair } from '../keys/keys';
import { initCrypto } from '../sodium';
import { fingerprintDigits, safetyNumber } from './safety-number';

describe('safety numbers', () => {
  beforeAll(() => initCrypto());

  it('is the same 60 digits on both sides, shown as 12 groups of 5', () => {
    const a = { accountId: 'acct-a', identityPublicKey: generateIdentityKeyPair().publicKey };
    const b = { accountId: 'acct-b', identityPublicKey: generateIdentityKeyPair().publicKey };
    const ab = safetyNumber(a, b);
    expect(safetyNumber(b, a)).toEqual(ab);
    expect(ab.digits).toMatch(/^\d{60}$/);
    expect(ab.groups).toHaveLength(12);
    expect(ab.groups.join('')).toBe(ab.digits);
  });

  it('changes when either key or either account id changes', () => {
    const key = generateIdentityKeyPair(new Uint8Array(32).fill(1)).publicKey;
    const base = fingerprintDigits({ accountId: 'acct-a', identityPublicKey: key });
    expect(base).toMatch(/^\d{30}$/);
    expect(fingerprintDigits({ accountId: 'acct-b', identityPublicKey: key })).not.toBe(base);
    const otherKey = generateIdentityKeyPair(new Uint8Array(32).fill(2)).publicKey;
    expect(fingerprintDigits({ accountId: 'acct-a', identityPublicKey: otherKey })).not.toBe(base);
  });
});
