import { type AuthenticatedRequest, CallerScope, Role } from '@fpn/identity';

/**
 * Who reads keys: the Secretariat (anyone's), a person bound to a member state,
 * or a ministry system (an API credential, bound to a state and its networks).
 */
export type KeyReader =
  | { kind: 'secretariat' }
  | { kind: 'account'; userId: string; memberStateCode: string }
  | {
      kind: 'credential';
      credentialId: string;
      memberStateCode: string;
      networkKeys: readonly string[];
    };

/** The reader the PolicyGuard authenticated on this request: an account or an API credential. */
export function keyReaderOf(request: AuthenticatedRequest): KeyReader {
  const scope = CallerScope.ofRequest(request);
  if (scope.scope.kind === 'secretariat') return { kind: 'secretariat' };
  if (request.credential) {
    return {
      kind: 'credential',
      credentialId: request.credential.id,
      memberStateCode: scope.scope.memberStateCode,
      networkKeys: scope.scope.networkKeys ?? [],
    };
  }
  return {
    kind: 'account',
    userId: request.principal!.user.id,
    memberStateCode: scope.scope.memberStateCode,
  };
}

/** Secretariat accounts: anyone may address them (notes, procedures, replies). */
const SECRETARIAT_ACCOUNTS = `SELECT u.id FROM user_account u
   WHERE u.role IN ('${Role.SECRETARIAT_ADMIN}', '${Role.SECRETARIAT_OFFICER}')`;

/**
 * A subquery selecting the ids of the accounts `reader` may address (read
 * their keys), with its named parameters; null when the reader may address
 * anyone (the Secretariat):
 * - every reader: Secretariat accounts, and the accounts of its own state;
 * - a person: also accounts whose directory entry shares a network with the
 *   person's entry (both entries active);
 * - a ministry system: also accounts whose active entry is in one of the
 *   networks its credential was issued for.
 */
export function visibleAccounts(
  reader: KeyReader,
): { sql: string; params: Record<string, unknown> } | null {
  const common = `${SECRETARIAT_ACCOUNTS}
    UNION
    SELECT u.id FROM user_account u WHERE u.member_state_code = :readerState`;
  switch (reader.kind) {
    case 'secretariat':
      return null;
    case 'account':
      return {
        sql: `${common}
          UNION
          SELECT theirs.user_id FROM focal_point mine
            JOIN network_membership mm ON mm.focal_point_id = mine.id
            JOIN network_membership tm ON tm.network_id = mm.network_id
            JOIN focal_point theirs ON theirs.id = tm.focal_point_id
           WHERE mine.user_id = :readerId AND mine.status = 'active'
             AND theirs.status = 'active' AND theirs.user_id IS NOT NULL`,
        params: { readerState: reader.memberStateCode, readerId: reader.userId },
      };
    case 'credential':
      return {
        sql: `${common}
          UNION
          SELECT fp.user_id FROM focal_point fp
            JOIN network_membership m ON m.focal_point_id = fp.id
            JOIN network n ON n.id = m.network_id
           WHERE n.key = ANY(:readerNetworks) AND fp.status = 'active'
             AND fp.user_id IS NOT NULL`,
        params: { readerState: reader.memberStateCode, readerNetworks: [...reader.networkKeys] },
      };
  }
}

/** The other accounts whose entries share a network with the account `$1`'s entry. */
export const sharesNetworkSql = `
  SELECT DISTINCT theirs.user_id FROM focal_point mine
    JOIN network_membership mm ON mm.focal_point_id = mine.id
    JOIN network_membership tm ON tm.network_id = mm.network_id
    JOIN focal_point theirs ON theirs.id = tm.focal_point_id
   WHERE mine.user_id = $1 AND theirs.user_id IS NOT NULL AND theirs.user_id <> $1
     AND mine.status = 'active' AND theirs.status = 'active'`;
