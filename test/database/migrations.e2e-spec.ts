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

  it('keeps the application role from rewriting or erasing the record', async () => {
    // What the application may do with each table whose privileges a migration narrowed.
    const expected: Record<string, string> = {
      audit_checkpoint: 'INSERT SELECT',
      audit_entry: 'INSERT SELECT',
      audit_pending: 'INSERT SELECT',
      directory_version: 'INSERT SELECT',
      directory_generation: 'SELECT',
      identity_key: 'INSERT SELECT UPDATE',
      identity_key_change: 'INSERT SELECT',
      device: 'INSERT SELECT UPDATE',
      key_backup: 'INSERT SELECT',
      key_backup_entry: 'INSERT SELECT',
      message_thread: 'INSERT SELECT UPDATE',
      message_thread_participant: 'INSERT SELECT',
      message: 'INSERT SELECT',
      message_recipient: 'INSERT SELECT UPDATE',
      message_delivery: 'INSERT SELECT UPDATE',
      message_delivery_state: 'SELECT',
      message_outbox: 'DELETE INSERT SELECT UPDATE',
      network_request_policy: 'INSERT SELECT UPDATE',
      message_request: 'INSERT SELECT UPDATE',
      message_request_state: 'INSERT SELECT UPDATE',
      message_escalation: 'INSERT SELECT',
      message_request_handover: 'INSERT SELECT',
      webhook: 'DELETE INSERT SELECT',
      webhook_delivery: 'INSERT SELECT UPDATE',
      attachment: 'DELETE INSERT SELECT UPDATE',
      attachment_part: 'DELETE INSERT SELECT',
      silence_procedure: 'INSERT SELECT UPDATE',
      silence_statement: 'INSERT SELECT',
      note_series: 'INSERT SELECT',
      note_counter: 'INSERT SELECT UPDATE',
      note: 'INSERT SELECT',
      activity: 'INSERT SELECT UPDATE',
      activity_participant: 'DELETE INSERT SELECT',
      activity_document: 'DELETE INSERT SELECT',
      calendar_feed: 'INSERT SELECT UPDATE',
    };
    await withPgClient(database.appUrl, async (client) => {
      const { rows } = await client.query<{ table: string; privileges: string }>(
        `SELECT t AS table,
                string_agg(p, ' ' ORDER BY p) FILTER (WHERE has_table_privilege('public.' || t, p)) AS privileges
           FROM unnest($1::text[]) t,
                unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
          GROUP BY t`,
        [Object.keys(expected)],
      );
      expect(Object.fromEntries(rows.map((row) => [row.table, row.privileges]))).toEqual(expected);
      const refused = await client.query('DELETE FROM audit_entry').catch((error: Error) => error);
      expect(String(refused)).toMatch(/permission denied/);
    });
  });
});
