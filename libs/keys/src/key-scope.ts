/**
 * Who may address whom (read their keys): an account of the caller's own
 * state, or one whose directory entry shares a network with the caller's.
 * Both entries must be active. The Secretariat is not limited (callers skip this).
 */
export function visibleAccountsSql(me: string, state: string): string {
  return `SELECT u.id FROM user_account u WHERE u.member_state_code = ${state}
          UNION
          SELECT theirs.user_id FROM focal_point mine
            JOIN network_membership mm ON mm.focal_point_id = mine.id
            JOIN network_membership tm ON tm.network_id = mm.network_id
            JOIN focal_point theirs ON theirs.id = tm.focal_point_id
           WHERE mine.user_id = ${me} AND mine.status = 'active'
             AND theirs.status = 'active' AND theirs.user_id IS NOT NULL`;
}

/** The other accounts whose entries share a network with the account `$1`'s entry. */
export const sharesNetworkSql = `
  SELECT DISTINCT theirs.user_id FROM focal_point mine
    JOIN network_membership mm ON mm.focal_point_id = mine.id
    JOIN network_membership tm ON tm.network_id = mm.network_id
    JOIN focal_point theirs ON theirs.id = tm.focal_point_id
   WHERE mine.user_id = $1 AND theirs.user_id IS NOT NULL AND theirs.user_id <> $1
     AND mine.status = 'active' AND theirs.status = 'active'`;
