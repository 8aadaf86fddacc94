import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  API_CREDENTIAL_OPERATIONS,
  DomainError,
  ErrorCode,
  MFA_ENROLMENT_OPEN,
  POLICY,
  type Policy,
} from '@fpn/core';
import { MFA_REQUIRED_ROLES } from '../mfa/totp.service';
import { AuditEventType, AuditService } from '@fpn/audit';
import { AuthenticationService } from '../auth/authentication.service';
import type { Principal } from '../auth/authentication.service';
import { type AuthenticatedRequest, originOf, requestOf } from '../auth/guards';
import type { AuthenticatedApiCredential } from '../credentials/api-credential.entity';
import { ApiCredentialAuthenticator } from '../credentials/api-credential-authenticator.service';
import { looksLikeApiCredentialToken } from '../credentials/api-credential-token';

/** Authentications in progress or done, by request object (a request is authenticated once). */
const AUTHENTICATIONS = new WeakMap<object, Promise<void>>();

/** Who a refusal is recorded against: an account, a ministry system's credential, or nobody. */
type Refused =
  | { user: Principal['user']; credential?: undefined }
  | { user?: undefined; credential: AuthenticatedApiCredential }
  | undefined;

/**
 * The API's global guard: deny by default. It reads the operation's declared
 * policy, authenticates the Bearer token when the policy needs a caller, and
 * checks the role. Operations without a policy are refused for everyone.
 * A Bearer token starting `fpn_` is a ministry system's API credential: it may
 * call only operations marked `@AllowApiCredential` with an operation it holds.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
    private readonly audit: AuditService,
    private readonly credentials: ApiCredentialAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) {
      throw await this.denied(context, undefined, 'no-policy', 'This operation is not available');
    }
    if (policy.kind === 'public') return true;

    const request = requestOf(context);
    if (!request.principal && !request.credential) await this.authenticateOnce(request);
    if (request.credential) return this.credentialMayCall(context, request.credential);
    const { user } = request.principal!;
    if (MFA_REQUIRED_ROLES.includes(user.role) && !user.totpEnabledAt) {
      const open = this.reflector.getAllAndOverride<boolean | undefined>(MFA_ENROLMENT_OPEN, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (!open) {
        throw await this.denied(
          context,
          { user },
          'mfa-enrolment-required',
          'Set up two-factor sign-in first',
          {
            reason: 'MFA_ENROLMENT_REQUIRED',
          },
        );
      }
    }
    if (policy.kind === 'roles' && !policy.roles.includes(user.role)) {
      throw await this.denied(context, { user }, 'role', 'Your role does not allow this operation');
    }
    return true;
  }

  /**
   * Authenticates the request's Bearer token as the guard does, once per
   * request — for what must know the caller before any resolver runs (an
   * answer kept whole). A rejection is the one the guard will then raise.
   */
  authenticateRequest(request: AuthenticatedRequest): Promise<void> {
    if (request.principal || request.credential) return Promise.resolve();
    return this.authenticateOnce(request);
  }

  /**
   * One authentication per request: the guards of fields resolved side by side
   * (a nested field under each item of a public list) share it, instead of each
   * reading the session again — or auditing the same rejected credential again.
   */
  private authenticateOnce(request: AuthenticatedRequest): Promise<void> {
    let pending = AUTHENTICATIONS.get(request);
    if (!pending) {
      pending = this.authenticate(request);
      AUTHENTICATIONS.set(request, pending);
    }
    return pending;
  }

  /** The Bearer token: an API credential (`fpn_…`) or an account's access token. */
  private async authenticate(request: AuthenticatedRequest): Promise<void> {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw new DomainError(
        ErrorCode.Unauthenticated,
        'Sign in first: an access token is required',
      );
    }
    if (looksLikeApiCredentialToken(token)) {
      request.credential = await this.credentials.authenticate(token, originOf(request));
    } else {
      request.principal = await this.authentication.authenticate(token);
    }
  }

  /** A credential calls only what allows one of its operations; people's policies do not apply. */
  private async credentialMayCall(
    context: ExecutionContext,
    credential: AuthenticatedApiCredential,
  ): Promise<boolean> {
    const allowed = this.reflector.getAllAndOverride<readonly string[] | undefined>(
      API_CREDENTIAL_OPERATIONS,
      [context.getHandler(), context.getClass()],
    );
    if (!allowed?.some((operation) => (credential.operations as string[]).includes(operation))) {
      throw await this.denied(
        context,
        { credential },
        'api-credential-operation',
        'This API credential does not allow this operation',
      );
    }
    return true;
  }

  /** Every refusal is audited: who, which operation, why. */
  private async denied(
    context: ExecutionContext,
    refused: Refused,
    why: string,
    message: string,
    details?: Record<string, string>,
  ): Promise<DomainError> {
    const request = requestOf(context);
    const { user, credential } = refused ?? {};
    await this.audit.recordNow({
      type: AuditEventType.AUTHORIZATION_DENIED,
      actorId: user?.id ?? null,
      actorRole: user?.role ?? (credential ? 'API_CREDENTIAL' : null),
      subjectType: credential ? 'api_credential' : null,
      subjectId: credential?.id ?? null,
      memberState: user?.memberStateCode ?? credential?.memberStateCode ?? null,
      ...originOf(request),
      details: { operation: `${context.getClass().name}.${context.getHandler().name}`, why },
    });
    return new DomainError(ErrorCode.Forbidden, message, details);
  }
}
