import type { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';
import { SessionEntity } from '../sessions/session.entity';
import { UserEntity } from '../users/user.entity';

type ColumnMetadata = EntityMetadata['columns'][number];

/** One entity's columns in a statement, under an alias, and its rows turned back into it. */
class AliasedColumns<T extends ObjectLiteral> {
  private readonly columns: [key: string, column: ColumnMetadata][];

  constructor(
    private readonly dataSource: DataSource,
    private readonly metadata: EntityMetadata,
    readonly alias: string,
  ) {
    this.columns = metadata.columns.map((column) => [`${alias}_${column.databaseName}`, column]);
  }

  get table(): string {
    return `"${this.metadata.tableName}" ${this.alias}`;
  }

  /** `alias."column" AS "alias_column", …`: every column of the entity. */
  get select(): string {
    return this.columns
      .map(([key, column]) => `${this.alias}."${column.databaseName}" AS "${key}"`)
      .join(', ');
  }

  /** The entity, hydrated column by column as TypeORM's query builder does it. */
  hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const [key, column] of this.columns) {
      const value = row[key];
      if (value !== undefined) {
        column.setEntityValue(entity, this.dataSource.driver.prepareHydratedValue(value, column));
      }
    }
    return entity;
  }
}

/**
 * The statement that reads sessions with their accounts, written once from the
 * entities' metadata: every request authenticates with it, and building it
 * with the query builder on each call (and mapping its rows back) was the
 * largest part of a kept directory answer's cost (docs/benchmarks.md, ninth
 * round). One text for any number of ids, so it is prepared once per
 * connection.
 */
export class SessionStatement {
  private readonly sessions: AliasedColumns<SessionEntity>;
  private readonly users: AliasedColumns<UserEntity>;
  private readonly sql: string;

  constructor(private readonly dataSource: DataSource) {
    this.sessions = new AliasedColumns(dataSource, dataSource.getMetadata(SessionEntity), 's');
    this.users = new AliasedColumns(dataSource, dataSource.getMetadata(UserEntity), 'u');
    this.sql =
      `SELECT ${this.sessions.select}, ${this.users.select} FROM ${this.sessions.table}` +
      ` JOIN ${this.users.table} ON u."id" = s."user_id" WHERE s."id" = ANY($1::uuid[])`;
  }

  /** The sessions among `ids` that exist, each with its account. */
  async read(ids: string[]): Promise<SessionEntity[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(this.sql, [ids]);
    return rows.map((row) => {
      const session = this.sessions.hydrate(row);
      session.user = this.users.hydrate(row);
      return session;
    });
  }
}
