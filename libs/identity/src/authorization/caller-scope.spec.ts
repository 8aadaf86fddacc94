import { Role } from '../users/role';
import { CallerScope } from './caller-scope';

describe('CallerScope', () => {
  it('lets the Secretariat act on every state and network', () => {
    const scope = CallerScope.ofUser({ role: Role.SECRETARIAT_OFFICER, memberStateCode: null });
    expect(scope.scope).toEqual({ kind: 'secretariat' });
    expect(scope.memberStateCode).toBeUndefined();
    expect(scope.canActOnState('TJ')).toBe(true);
    expect(scope.canActOnNetwork('law-enforcement')).toBe(true);
  });

  it('holds an account to its own state, and to no network until its networks are known', () => {
    const scope = CallerScope.ofUser({ role: Role.STATE_COORDINATOR, memberStateCode: 'KZ' });
    expect(scope.canActOnState('KZ')).toBe(true);
    expect(scope.canActOnState('kz')).toBe(true);
    expect(scope.canActOnState('TJ')).toBe(false);
    expect(scope.canActOnNetwork('law-enforcement')).toBe(false);
    const member = CallerScope.ofUser({ role: Role.FOCAL_POINT, memberStateCode: 'KZ' }, [
      'law-enforcement',
    ]);
    expect(member.canActOnNetwork('law-enforcement')).toBe(true);
  });

  it('holds a credential to its state and the networks it was issued for', () => {
    const scope = CallerScope.ofCredential({
      memberStateCode: 'TJ',
      networkKeys: ['border-control'],
    });
    expect(scope.scope).toEqual({
      kind: 'state',
      memberStateCode: 'TJ',
      networkKeys: ['border-control'],
    });
    expect(scope.canActOnStateInNetwork('TJ', 'border-control')).toBe(true);
    expect(scope.canActOnStateInNetwork('TJ', 'law-enforcement')).toBe(false);
    expect(scope.canActOnStateInNetwork('KZ', 'border-control')).toBe(false);
  });

  it('prefers the credential on a request, else the account', () => {
    const user = { role: Role.FOCAL_POINT, memberStateCode: 'KZ' };
    const credential = { memberStateCode: 'TJ', networkKeys: [] };
    expect(
      CallerScope.ofRequest({ principal: { user }, credential } as never).memberStateCode,
    ).toBe('TJ');
    expect(CallerScope.ofRequest({ principal: { user } } as never).memberStateCode).toBe('KZ');
  });
});
