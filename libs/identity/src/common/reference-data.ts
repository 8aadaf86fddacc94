import type { EntityManager } from 'typeorm';

/**
 * Whether a member state exists. Reference data belongs to the directory,
 * which builds on this library, so it is read by table name.
 */
export async function memberStateExists(manager: EntityManager, code: string): Promise<boolean> {
  const [row] = await manager.query<{ found: boolean }[]>(
    'SELECT EXISTS (SELECT 1 FROM member_state WHERE code = $1) AS found',
    [code],
  );
  return Boolean(row?.found);
}
