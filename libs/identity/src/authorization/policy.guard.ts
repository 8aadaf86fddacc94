import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode, MFA_ENROLMENT_OPEN, POLICY, type Policy } from '@fpn/core';
import { MFA_REQUIRED_ROLES } from '../mfa/totp.service';
import { AuditEventType, AuditService } from '@fpn/audit';
import { AuthenticationService } from '../auth/authentication.service';
import type { Principal } from '../auth/authentication.service';
import { originOf, requestOf } from '../auth/guards';

/**
 * The API's global guard: deny by default. It reads the operation's declared
 * policy, authenticates the Bearer token when the policy needs a caller, and
 * checks the role. Operations without a policy are refused for everyone.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
    private readonly audit: AuditService,
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
    if (!request.principal) {
      const [scheme, token] = (request.headers.authorization ?? '').split(' ');
      if (scheme !== 'Bearer' || !token) {
        throw new DomainError(
          ErrorCode.Unauthenticated,
          'Sign in first: an access token is required',
        );
      }
      request.principal = await this.authentication.authenticate(token);
    }
    const { user } = request.principal;
    if (MFA_REQUIRED_ROLES.includes(user.role) && !user.totpEnabledAt) {
      const open = this.reflector.getAllAndOverride<boolean | undefined>(MFA_ENROLMENT_OPEN, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (!open) {
        throw await this.denied(
          context,
          user,
          'mfa-enrolment-required',
          'Set up two-factor sign-in first',
          {
            reason: 'MFA_ENROLMENT_REQUIRED',
          },
        );
      }
    }
    if (policy.kind === 'roles' && !policy.roles.includes(user.role)) {
      throw await this.denied(context, user, 'role', 'Your role does not allow this operation');
    }
    return true;
  }

  /** Every refusal is audited: who, which operation, why. */
  private async denied(
    context: ExecutionContext,
    user: Principal['user'] | undefined,
    why: string,
    message: string,
    details?: Record<string, string>,
  ): Promise<DomainError> {
    const request = requestOf(context);
    await this.audit.recordNow({
      type: AuditEventType.AUTHORIZATION_DENIED,
      actorId: user?.id ?? null,
      actorRole: user?.role ?? null,
      memberState: user?.memberStateCode ?? null,
      ...originOf(request),
      details: { operation: `${context.getClass().name}.${context.getHandler().name}`, why },
    });
    return new DomainError(ErrorCode.Forbidden, message, details);
  }
}
