import { assessIdentity, pinIdentity } from './pins';

const at = new Date('2026-11-28T10:00:00.000Z');
const later = new Date('2026-11-29T10:00:00.000Z');

describe('pins', () => {
  it('tells a new, a trusted and a changed identity apart', () => {
    expect(assessIdentity(undefined, 'a', 'K1').status).toBe('new');
    const pin = pinIdentity(undefined, 'K1', at, false);
    expect(assessIdentity(pin, 'a', 'K1')).toEqual({
      accountId: 'a',
      status: 'trusted',
      publicKey: 'K1',
      verified: false,
    });
    expect(assessIdentity(pinIdentity(pin, 'K1', later, true), 'a', 'K2')).toEqual({
      accountId: 'a',
      status: 'changed',
      publicKey: 'K2',
      pinnedPublicKey: 'K1',
      wasVerified: true,
    });
  });

  it('verifying keeps the pin; accepting a change keeps the old key in the history, unverified', () => {
    const verified = pinIdentity(pinIdentity(undefined, 'K1', at, false), 'K1', later, true);
    expect(verified).toMatchObject({ verified: true, pinnedAt: at.toISOString() });
    const changed = pinIdentity(verified, 'K2', later, false);
    expect(changed).toEqual({
      identityPublicKey: 'K2',
      verified: false,
      pinnedAt: later.toISOString(),
      verifiedAt: null,
      previous: [{ identityPublicKey: 'K1', verified: true, replacedAt: later.toISOString() }],
    });
  });
});
