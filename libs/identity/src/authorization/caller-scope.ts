import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedApiCredential } from '../credentials/api-credential.entity';
import { type AuthenticatedRequest, requestOf } from '../auth/guards';
import { isSecretariat, type Role } from '../users/role';

/**
 * The objects a caller may act on. The Secretariat acts on every state; a
 * coordinator, focal point or ministry system on its own state, and — where
 * known — only in its networks. `networkKeys` is absent while a caller's
 * networks are unknown (user accounts until the directory has memberships);
 * a network check then refuses.
 */
export type Scope =
  | { kind: 'secretariat' }
  | { kind: 'state'; memberStateCode: string; networkKeys?: readonly string[] };

/**
 * Object scope, the service's half of authorization (the guard checks the
 * role). Built from whoever called — an account or an API credential — so
 * services ask the same questions of both.
 */
export class CallerScope {
  private constructor(readonly scope: Scope) {}

  static secretariat(): CallerScope {
    return new CallerScope({ kind: 'secretariat' });
  }

  static ofState(memberStateCode: string, networkKeys?: readonly string[]): CallerScope {
    return new CallerScope({ kind: 'state', memberStateCode, networkKeys });
  }

  /** An account's scope; `networkKeys` are its networks once memberships exist. */
  static ofUser(
    user: { role: Role; memberStateCode: string | null },
    networkKeys?: readonly string[],
  ): CallerScope {
    if (isSecretariat(user.role)) return CallerScope.secretariat();
    // validateNewUser guarantees it; a state-bound account without a state is a bug.
    if (!user.memberStateCode) throw new Error(`a ${user.role} account has no member state`);
    return CallerScope.ofState(user.memberStateCode, networkKeys);
  }

  /** A credential acts for its state, in the networks it was issued for. */
  static ofCredential(
    credential: Pick<AuthenticatedApiCredential, 'memberStateCode' | 'networkKeys'>,
  ): CallerScope {
    return CallerScope.ofState(credential.memberStateCode, credential.networkKeys);
  }

  /** Whoever the PolicyGuard authenticated on this request. */
  static ofRequest(request: AuthenticatedRequest): CallerScope {
    if (request.credential) return CallerScope.ofCredential(request.credential);
    if (request.principal) return CallerScope.ofUser(request.principal.user);
    throw new Error('no authenticated caller on the request: the operation must not be public');
  }

  get isSecretariat(): boolean {
    return this.scope.kind === 'secretariat';
  }

  /** The one state this caller is bound to; undefined for the Secretariat. */
  get memberStateCode(): string | undefined {
    return this.scope.kind === 'state' ? this.scope.memberStateCode : undefined;
  }

  canActOnState(memberStateCode: string): boolean {
    return (
      this.scope.kind === 'secretariat' ||
      this.scope.memberStateCode === memberStateCode.toUpperCase()
    );
  }

  canActOnNetwork(networkKey: string): boolean {
    return (
      this.scope.kind === 'secretariat' || Boolean(this.scope.networkKeys?.includes(networkKey))
    );
  }

  /** Both: a state's business inside one network. */
  canActOnStateInNetwork(memberStateCode: string, networkKey: string): boolean {
    return this.canActOnState(memberStateCode) && this.canActOnNetwork(networkKey);
  }
}

/** The object scope of the caller the PolicyGuard authenticated (account or API credential). */
export const CurrentCallerScope = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CallerScope =>
    CallerScope.ofRequest(requestOf(context)),
);
