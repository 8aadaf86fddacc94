import { type AuthenticatedRequest, isSecretariat, type Role } from '@fpn/identity';
import type { KeyReader } from '@fpn/keys';

/**
 * Who sends or reads: a person's account, or a ministry system — an API
 * credential acting for the account that issued it, through the one device
 * bound to the credential.
 */
export type MessagingCaller =
  | {
      kind: 'account';
      userId: string;
      role: Role;
      /** Null for the Secretariat. */
      memberStateCode: string | null;
      secretariat: boolean;
    }
  | {
      kind: 'credential';
      /** The account that issued the credential, for which the system acts. */
      userId: string;
      credentialId: string;
      memberStateCode: string;
      networkKeys: readonly string[];
    };

/** The caller the PolicyGuard authenticated on this request. */
export function messagingCallerOf(request: AuthenticatedRequest): MessagingCaller {
  if (request.credential) {
    const { credential } = request;
    return {
      kind: 'credential',
      userId: credential.createdBy,
      credentialId: credential.id,
      memberStateCode: credential.memberStateCode,
      networkKeys: credential.networkKeys,
    };
  }
  if (!request.principal) {
    throw new Error('no authenticated caller on the request: the operation must not be public');
  }
  const { user } = request.principal;
  return {
    kind: 'account',
    userId: user.id,
    role: user.role,
    memberStateCode: user.memberStateCode,
    secretariat: isSecretariat(user.role),
  };
}

/** The same caller as the key directory sees it: whom it may address (libs/keys key-scope). */
export function keyReaderOf(caller: MessagingCaller): KeyReader {
  if (caller.kind === 'credential') {
    return {
      kind: 'credential',
      credentialId: caller.credentialId,
      memberStateCode: caller.memberStateCode,
      networkKeys: caller.networkKeys,
    };
  }
  if (caller.secretariat) return { kind: 'secretariat' };
  return { kind: 'account', userId: caller.userId, memberStateCode: caller.memberStateCode! };
}

/** For the audit log: the account's role, or API_CREDENTIAL. */
export const actorRoleOf = (caller: MessagingCaller): string =>
  caller.kind === 'credential' ? 'API_CREDENTIAL' : caller.role;

/** Whether the caller is a Secretariat account (never a ministry system). */
export const isSecretariatCaller = (caller: MessagingCaller): boolean =>
  caller.kind === 'account' && caller.secretariat;
