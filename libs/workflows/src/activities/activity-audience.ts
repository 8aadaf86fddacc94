import { type Role, UserStatus } from '@fpn/identity';
import type { EntityManager } from 'typeorm';

/**
 * Which networks' activities an account sees: the Secretariat and
 * coordinators every network; a focal point the networks their active
 * directory entry belongs to. Read from PostgreSQL each time, so a feed
 * follows the roster and a suspension at once.
 */
export interface ActivityAudience {
  userId: string;
  active: boolean;
  role: Role;
  memberStateCode: string | null;
  /** Ids of the networks seen; `all` for the Secretariat and coordinators. */
  networkIds: 'all' | readonly string[];
}

export const seesNetwork = (audience: ActivityAudience, networkId: string) =>
  audience.networkIds === 'all' || audience.networkIds.includes(networkId);

export async function activityAudienceOf(
  manager: EntityManager,
  userId: string,
): Promise<ActivityAudience | null> {
  const [row] = await manager.query<
    { status: UserStatus; role: Role; memberStateCode: string | null; networkIds: string[] }[]
  >(
    `SELECT u.status, u.role, u.member_state_code AS "memberStateCode",
            COALESCE(array_agg(m.network_id) FILTER (WHERE m.network_id IS NOT NULL), '{}')
              AS "networkIds"
       FROM user_account u
       LEFT JOIN focal_point fp ON fp.user_id = u.id AND fp.status = 'active'
       LEFT JOIN network_membership m ON m.focal_point_id = fp.id
      WHERE u.id = $1
      GROUP BY u.id`,
    [userId],
  );
  if (!row) return null;
  return {
    userId,
    active: row.status === UserStatus.ACTIVE,
    role: row.role,
    memberStateCode: row.memberStateCode,
    networkIds: row.role === 'FOCAL_POINT' ? row.networkIds : 'all',
  };
}
