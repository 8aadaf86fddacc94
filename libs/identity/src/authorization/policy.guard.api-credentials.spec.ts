import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AllowApiCredential,
  Authenticated,
  DomainError,
  ErrorCode,
  Public,
  RequireRoles,
} from '@fpn/core';
import type { AuditEvent, AuditService } from '@fpn/audit';
import type { AuthenticationService } from '../auth/authentication.service';
import type { AuthenticatedRequest } from '../auth/guards';
import type { ApiCredentialAuthenticator } from '../credentials/api-credential-authenticator.service';
import type { AuthenticatedApiCredential } from '../credentials/api-credential.entity';
import { ApiCredentialOnly } from '../credentials/api-credential-only.decorator';
import { ApiOperation } from '../credentials/api-operation';
import { Role } from '../users/role';
import { PolicyGuard } from './policy.guard';

class Operations {
  @Public() open() {}
  @Authenticated() signedIn() {}
  @RequireRoles(Role.SECRETARIAT_ADMIN) adminOnly() {}
  @Authenticated() @AllowApiCredential(ApiOperation.DIRECTORY_READ) readDirectory() {}
  @RequireRoles(Role.FOCAL_POINT) @AllowApiCredential(ApiOperation.MESSAGES_SEND) send() {}
  @AllowApiCredential(ApiOperation.DIRECTORY_READ) withoutPolicy() {}
  @ApiCredentialOnly() whichCredential() {}
}

/** A token the stub authenticates: `fpn_` + the operations it holds, comma-separated. */
const credentialToken = (...operations: ApiOperation[]) => `fpn_${operations.join(',')}`;

function contextFor(handler: keyof Operations, authorization?: string) {
  const request = { headers: { authorization }, ip: '127.0.0.1' } as AuthenticatedRequest;
  const context = {
    getHandler: () => Operations.prototype[handler],
    getClass: () => Operations,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

const authentication = {
  authenticate: async (token: string) => ({
    sessionId: 's',
    user: {
      id: 'user',
      role: token === 'admin' ? Role.SECRETARIAT_ADMIN : Role.FOCAL_POINT,
      totpEnabledAt: new Date(0),
    },
  }),
} as unknown as AuthenticationService;

const credentials = {
  authenticate: async (token: string): Promise<AuthenticatedApiCredential> => {
    if (token === 'fpn_invalid') {
      throw new DomainError(ErrorCode.Unauthenticated, 'API credential is invalid');
    }
    return {
      id: 'credential',
      memberStateCode: 'KZ',
      networkKeys: ['law-enforcement'],
      operations: token.slice(4).split(',') as ApiOperation[],
    } as AuthenticatedApiCredential;
  },
} as unknown as ApiCredentialAuthenticator;

const outcomeOf = (promise: Promise<boolean>) =>
  promise.then(
    () => 'ok',
    (error: DomainError) => error.code,
  );

describe('PolicyGuard with API credentials', () => {
  const denials: AuditEvent[] = [];
  const audit = {
    recordNow: async (event: AuditEvent) => denials.push(event),
  } as unknown as AuditService;
  const guard = new PolicyGuard(new Reflector(), authentication, audit, credentials);
  const call = (handler: keyof Operations, token?: string) =>
    outcomeOf(guard.canActivate(contextFor(handler, token && `Bearer ${token}`).context));

  beforeEach(() => denials.splice(0));

  it('lets a credential call an operation that allows one of its operations', async () => {
    expect(await call('readDirectory', credentialToken(ApiOperation.DIRECTORY_READ))).toBe('ok');
    const send = credentialToken(ApiOperation.DIRECTORY_READ, ApiOperation.MESSAGES_SEND);
    expect(await call('send', send)).toBe('ok');
  });

  it('puts the credential on the request, and no principal', async () => {
    const { context, request } = contextFor(
      'readDirectory',
      `Bearer ${credentialToken(ApiOperation.DIRECTORY_READ)}`,
    );
    await guard.canActivate(context);
    expect(request.credential?.id).toBe('credential');
    expect(request.principal).toBeUndefined();
  });

  it('refuses a credential everything that does not allow its operations, and audits it', async () => {
    const token = credentialToken(ApiOperation.MESSAGES_READ);
    expect(await call('readDirectory', token)).toBe('FORBIDDEN');
    expect(await call('signedIn', token)).toBe('FORBIDDEN');
    expect(await call('adminOnly', token)).toBe('FORBIDDEN');
    expect(denials.map((event) => event.details?.why)).toEqual([
      'api-credential-operation',
      'api-credential-operation',
      'api-credential-operation',
    ]);
    expect(denials[0]).toMatchObject({
      actorId: null,
      actorRole: 'API_CREDENTIAL',
      subjectType: 'api_credential',
      subjectId: 'credential',
      memberState: 'KZ',
      details: { operation: 'Operations.readDirectory' },
    });
  });

  it('still refuses an operation without a policy, whatever it allows credentials', async () => {
    expect(await call('withoutPolicy', credentialToken(ApiOperation.DIRECTORY_READ))).toBe(
      'FORBIDDEN',
    );
    expect(denials.map((event) => event.details?.why)).toEqual(['no-policy']);
  });

  it('keeps public operations public, even with an invalid credential', async () => {
    expect(await call('open', 'fpn_invalid')).toBe('ok');
  });

  it('answers an invalid credential UNAUTHENTICATED', async () => {
    expect(await call('readDirectory', 'fpn_invalid')).toBe('UNAUTHENTICATED');
  });

  it('keeps the account path: roles apply to people, credential markings do not', async () => {
    expect(await call('readDirectory', 'focal')).toBe('ok');
    expect(await call('send', 'focal')).toBe('ok');
    expect(await call('send', 'admin')).toBe('FORBIDDEN');
  });

  it('opens a credential-only operation to any credential and to no account', async () => {
    expect(await call('whichCredential', credentialToken(ApiOperation.ATTACHMENTS))).toBe('ok');
    expect(await call('whichCredential', 'admin')).toBe('FORBIDDEN');
    expect(await call('whichCredential')).toBe('UNAUTHENTICATED');
  });
});
