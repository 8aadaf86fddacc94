import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  Authenticated,
  DomainError,
  OpenBeforeMfaEnrolment,
  Public,
  RequireRoles,
} from '@fpn/core';
import type { AuditService } from '@fpn/audit';
import type { AuthenticationService } from '../auth/authentication.service';
import type { ApiCredentialAuthenticator } from '../credentials/api-credential-authenticator.service';
import { Role } from '../users/role';
import { PolicyGuard } from './policy.guard';

class Operations {
  undeclared() {}
  @Public() open() {}
  @Authenticated() signedIn() {}
  @RequireRoles(Role.SECRETARIAT_ADMIN) adminOnly() {}
  @Authenticated() @OpenBeforeMfaEnrolment() whoAmI() {}
}

function contextFor(handler: keyof Operations, authorization?: string): ExecutionContext {
  const request = { headers: { authorization }, ip: '127.0.0.1' };
  return {
    getHandler: () => Operations.prototype[handler],
    getClass: () => Operations,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

const authentication = {
  authenticate: async (token: string) => ({
    sessionId: 's',
    user: {
      role: token.startsWith('admin') ? Role.SECRETARIAT_ADMIN : Role.FOCAL_POINT,
      totpEnabledAt: token === 'admin-without-totp' ? null : new Date(0),
    },
  }),
} as unknown as AuthenticationService;

const codeOf = (promise: Promise<boolean>) =>
  promise.then(
    () => 'ok',
    (error: DomainError) => error.code,
  );

describe('PolicyGuard (deny by default)', () => {
  const denials: string[] = [];
  const audit = {
    recordNow: async (event: { details: { why: string } }) => denials.push(event.details.why),
  } as unknown as AuditService;
  // API credentials: policy.guard.api-credentials.spec.ts.
  const credentials = {} as ApiCredentialAuthenticator;
  const guard = new PolicyGuard(new Reflector(), authentication, audit, credentials);

  it('refuses an operation that declares no policy, even to an administrator', async () => {
    expect(await codeOf(guard.canActivate(contextFor('undeclared', 'Bearer admin')))).toBe(
      'FORBIDDEN',
    );
  });

  it('lets anyone call a public operation', async () => {
    expect(await codeOf(guard.canActivate(contextFor('open')))).toBe('ok');
  });

  it('asks for a token where a caller is needed, and checks the role', async () => {
    expect(await codeOf(guard.canActivate(contextFor('signedIn')))).toBe('UNAUTHENTICATED');
    expect(await codeOf(guard.canActivate(contextFor('signedIn', 'Bearer focal')))).toBe('ok');
    expect(await codeOf(guard.canActivate(contextFor('adminOnly', 'Bearer focal')))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(guard.canActivate(contextFor('adminOnly', 'Bearer admin')))).toBe('ok');
  });

  it('holds Secretariat staff without a second factor to the set-up operations', async () => {
    const token = 'Bearer admin-without-totp';
    expect(await codeOf(guard.canActivate(contextFor('adminOnly', token)))).toBe('FORBIDDEN');
    expect(await codeOf(guard.canActivate(contextFor('whoAmI', token)))).toBe('ok');
  });

  it('audits every refusal with its reason', () => {
    expect(denials).toEqual(['no-policy', 'role', 'mfa-enrolment-required']);
  });
});

describe('PolicyGuard: one authentication per request', () => {
  it('shares the authentication between fields guarded side by side', async () => {
    let calls = 0;
    const counting = {
      authenticate: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { sessionId: 's', user: { role: Role.FOCAL_POINT, totpEnabledAt: null } };
      },
    } as unknown as AuthenticationService;
    const guard = new PolicyGuard(
      new Reflector(),
      counting,
      {} as AuditService,
      {} as ApiCredentialAuthenticator,
    );
    const request = { headers: { authorization: 'Bearer focal' }, ip: '127.0.0.1' };
    const field = {
      getHandler: () => Operations.prototype.signedIn,
      getClass: () => Operations,
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => guard.canActivate(field)));
    expect(outcomes.every(Boolean)).toBe(true);
    expect(calls).toBe(1);
  });
});
