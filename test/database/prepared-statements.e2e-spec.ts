import { Pool } from 'pg';
import { PLANNED_EACH_CALL } from '@fpn/core';
import { preparingClient } from '@fpn/database';
import { createTestDatabase, type TestDatabase } from '@fpn/testing';

/** What the one connection of `pool` has prepared: the texts, in the order prepared. */
async function preparedTexts(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ statement: string }>(
    'SELECT statement FROM pg_prepared_statements ORDER BY prepare_time, name',
  );
  return rows.map((row) => row.statement);
}

describe('prepared statements on the app’s connections', () => {
  let database: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  beforeEach(() => {
    // One connection, so that what it prepared can be read on it.
    pool = new Pool({
      connectionString: database.ownerUrl,
      max: 1,
      Client: preparingClient({ maxPerConnection: 3, preparedAfter: 2 }),
    });
  });
  afterEach(() => pool.end());
  afterAll(() => database?.drop());

  it('prepares a parameterised text from its second call, and answers as before', async () => {
    const sum = 'SELECT $1::int + 1 AS sum';
    expect((await pool.query(sum, [1])).rows).toEqual([{ sum: 2 }]);
    expect(await preparedTexts(pool)).toEqual([]);
    expect((await pool.query(sum, [2])).rows).toEqual([{ sum: 3 }]);
    expect((await pool.query(sum, [3])).rows).toEqual([{ sum: 4 }]);
    expect(await preparedTexts(pool)).toEqual([sum]);
  });

  it('never prepares texts without parameters, or those marked to be planned each call', async () => {
    const search = `${PLANNED_EACH_CALL}SELECT count(*) FROM member_state WHERE code LIKE $1`;
    for (let i = 0; i < 3; i += 1) {
      await pool.query('SELECT 1');
      expect((await pool.query(search, ['KZ'])).rows[0].count).toBe('1');
    }
    expect(await preparedTexts(pool)).toEqual([]);
  });

  it('keeps at most its limit prepared; later texts are still answered, unprepared', async () => {
    const texts = [1, 2, 3, 4].map((n) => `SELECT $1::int * ${n} AS product`);
    for (const text of texts) {
      await pool.query(text, [5]);
      expect((await pool.query(text, [5])).rows[0].product).toBe(5 * (texts.indexOf(text) + 1));
    }
    expect(await preparedTexts(pool)).toEqual(texts.slice(0, 3));
  });

  it('fails a prepared statement whose table changed shape once, then plans it each call', async () => {
    await pool.query('CREATE TABLE shape (id int PRIMARY KEY, name text)');
    await pool.query(`INSERT INTO shape VALUES (1, 'one')`);
    const read = 'SELECT * FROM shape WHERE id = $1';
    await pool.query(read, [1]);
    expect((await pool.query(read, [1])).rows).toEqual([{ id: 1, name: 'one' }]);

    // A migration while the app runs.
    await pool.query(`ALTER TABLE shape ADD COLUMN note text NOT NULL DEFAULT 'new'`);
    await expect(pool.query(read, [1])).rejects.toMatchObject({ code: '0A000' });
    expect((await pool.query(read, [1])).rows).toEqual([{ id: 1, name: 'one', note: 'new' }]);
    expect((await pool.query(read, [1])).rows).toEqual([{ id: 1, name: 'one', note: 'new' }]);
  });
});
