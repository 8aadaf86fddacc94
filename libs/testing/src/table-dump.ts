import { withPgClient } from './wait';

export interface TableDump {
  schema: string;
  table: string;
  columns: { name: string; type: string }[];
  /** Each row as PostgreSQL's text form of the whole row (bytea as `\x…` hex). */
  rows: string[];
}

/**
 * Every row of every base table outside the system schemas, copied out
 * through `pg` (`COPY (SELECT …) TO STDOUT` needs a stream helper; a row's
 * text form is the same data). Our embedded PostgreSQL ships no `pg_dump`.
 * Connect as a role that may read every table (the owner).
 */
export async function dumpAllTables(url: string): Promise<TableDump[]> {
  return withPgClient(url, async (client) => {
    const { rows: tables } = await client.query<{ schema: string; table: string }>(
      `SELECT table_schema AS schema, table_name AS table
         FROM information_schema.tables
        WHERE table_type = 'BASE TABLE'
          AND table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1, 2`,
    );
    const dumps: TableDump[] = [];
    for (const { schema, table } of tables) {
      const { rows: columns } = await client.query<{ name: string; type: string }>(
        `SELECT column_name AS name, data_type AS type
           FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = $2
          ORDER BY ordinal_position`,
        [schema, table],
      );
      const qualified = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`;
      const { rows } = await client.query<{ row: string }>(
        `SELECT t::text AS row FROM ${qualified} t`,
      );
      dumps.push({ schema, table, columns, rows: rows.map((r) => r.row) });
    }
    return dumps;
  });
}
