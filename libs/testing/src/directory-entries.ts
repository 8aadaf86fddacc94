import type { TestAccount } from './accounts';
import type { TestApp } from './test-app';
import { withPgClient } from './wait';

/**
 * A directory entry for an account, straight into PostgreSQL (for tests about
 * something else): an active focal point of the account's state, linked to
 * the account, in the given networks. Returns the entry's id.
 */
export async function addDirectoryEntry(
  app: TestApp,
  account: Pick<TestAccount, 'id' | 'email' | 'memberStateCode'>,
  networks: readonly { key: string; role?: 'primary' | 'alternate' }[],
): Promise<string> {
  return withPgClient(app.database.ownerUrl, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `WITH authority AS (
         INSERT INTO authority (member_state_code, name_en, kind)
         VALUES ($1, 'Test authority', 'police')
         ON CONFLICT (member_state_code, name_en) DO UPDATE SET kind = EXCLUDED.kind
         RETURNING id)
       INSERT INTO focal_point (member_state_code, authority_id, full_name, title, time_zone,
                                availability, last_confirmed_at, user_id)
       SELECT $1, authority.id, $2, 'Officer', 'Asia/Almaty', 'office_hours', now(), $3
         FROM authority RETURNING id`,
      [account.memberStateCode, account.email.split('@')[0], account.id],
    );
    for (const network of networks) {
      await client.query(
        `INSERT INTO network_membership (focal_point_id, network_id, role)
         SELECT $1, id, $3 FROM network WHERE key = $2`,
        [rows[0].id, network.key, network.role ?? 'primary'],
      );
    }
    return rows[0].id;
  });
}
