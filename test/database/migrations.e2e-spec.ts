import { pendingSchemaChanges, runMigrations } from '@fpn/database';
import { createTestDatabase, withPgClient, type TestDatabase } from '@fpn/testing';

describe('database schema and roles', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('has migrations that match the entities (generating a migration would write nothing)', async () => {
    expect(await pendingSchemaChanges(database.ownerUrl)).toEqual([]);
  });

  it('applies migrations once: a second run finds nothing to do', async () => {
    expect(await runMigrations(database.ownerUrl)).toEqual([]);
  });

  it('connects the application as a role that is no superuser and cannot change the schema', async () => {
    await withPgClient(database.appUrl, async (client) => {
      const { rows } = await client.query<{ rolsuper: boolean }>(
        'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
      );
      expect(rows[0].rolsuper).toBe(false);
      await expect(client.query('CREATE TABLE intruder (id int)')).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query('DROP TABLE member_state')).rejects.toThrow(/must be owner/);
    });
  });

  it('lets the application role read and write the tables', async () => {
    await withPgClient(database.appUrl, async (client) => {
      const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM member_state');
      expect(Number(rows[0].count)).toBe(28);
      await client.query(
        `INSERT INTO network (key, name_en, name_ru) VALUES ('cyber', 'Cybersecurity', 'Кибербезопасность')`,
      );
    });
  });
});
