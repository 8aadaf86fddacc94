import { findSecretKey } from './secret-keys';

describe('findSecretKey', () => {
  it('finds a key that names a secret, at any depth', () => {
    expect(findSecretKey({ password: 'x' })).toBe('password');
    expect(findSecretKey({ session: { refreshToken: 'x' } })).toBe('session.refreshToken');
    expect(findSecretKey({ steps: [{ ok: true }, { otp_code: '123456' }] })).toBe(
      'steps[1].otp_code',
    );
    expect(findSecretKey({ mfa: { recoveryCode: 'x' } })).toBe('mfa.recoveryCode');
  });

  it('lets through keys that only mention one', () => {
    expect(
      findSecretKey({ reason: 'bad password', tokenFamilyId: 'f1', passwordChangedAt: 'now' }),
    ).toBeUndefined();
  });
});
