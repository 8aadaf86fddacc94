import { assertAcceptablePassword } from './password-policy';

const email = 'a.ivanov@mvd.example';
const refused = (password: string) => {
  try {
    assertAcceptablePassword(password, { email });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(refused('granite ferry lantern 42')).toBeUndefined();
  });
  it('refuses fewer than 12 characters, counting Cyrillic letters as one each', () => {
    expect(refused('short-pass1')).toBe('Password must be at least 12 characters');
    expect(refused('пароль-длинный')).toBeUndefined();
  });
  it('refuses common passwords whatever their case', () => {
    expect(refused('Password1234')).toBe('Password is too common');
    expect(refused('QWERTYUIOP12')).toBe('Password is too common');
  });
  it('refuses a password built on the e-mail name', () => {
    expect(refused('a.ivanov-2026-spring')).toBe('Password must not contain your e-mail name');
  });
  it('refuses a repetitive password', () => {
    expect(refused('abababababababab')).toBe('Password is too repetitive');
  });
});
