import {
  type DataSource,
  type EntityMetadata,
  type EntityTarget,
  In,
  type ObjectLiteral,
} from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { AuthorityEntity } from '../authorities/authority.entity';
import { FocalPointEntity } from '../focal-points/focal-point.entity';
import { NetworkMembershipEntity } from '../memberships/network-membership.entity';
import { NetworkEntity } from '../networks/network.entity';

/**
 * Entities of one table from rows keyed by column names — rows of a raw
 * statement, or `to_json(row)` objects — converted as TypeORM converts what it
 * reads (timestamps to dates, enums, arrays), without building a query
 * through it. The entity's metadata and columns are looked up once.
 */
export class EntityRows<T extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  private readonly columns: ColumnMetadata[];

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
  ) {
    this.metadata = dataSource.getMetadata(target);
    this.columns = this.metadata.columns.filter((column) => column.isSelect && !column.isVirtual);
  }

  /** The selectable columns under an alias: `fp.id, fp.full_name, …`. */
  select(alias: string): string {
    return this.columns.map((column) => `${alias}.${column.databaseName}`).join(', ');
  }

  hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as T;
    for (const column of this.columns) {
      if (!(column.databaseName in row)) continue;
      column.setEntityValue(
        entity,
        this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column),
      );
    }
    return entity;
  }
}

/**
 * What brings an entry's authority and memberships (oldest first) in the
 * entry's own statement, without a round trip per kind: a join to the
 * authority (`relationJoin`) and the select-list expressions
 * (`relationColumns`), plain JSON rows — a membership's network is taken from
 * the reader's networks (`EntryRows.withRelations`).
 */
export function relationJoin(alias: string): string {
  return `JOIN authority relation_a ON relation_a.id = ${alias}.authority_id`;
}

/** The authority (joined by `relationJoin`) and the memberships, as JSON. */
export function relationColumns(alias: string): string {
  return `to_json(relation_a) AS relation_authority,
          (SELECT coalesce(json_agg(m ORDER BY m.created_at, m.id), '[]'::json)
             FROM network_membership m WHERE m.focal_point_id = ${alias}.id) AS relation_memberships`;
}

interface RelationRow {
  relation_authority: Record<string, unknown>;
  relation_memberships: Record<string, unknown>[];
}

/**
 * Entries from rows with `entries.select(…)` and the relation columns: each
 * with its authority and memberships, each membership with its network — from
 * `networks` (the reader's), or, for a network created since they were read,
 * from one more statement.
 */
export class EntryRows {
  readonly entries: EntityRows<FocalPointEntity>;
  private readonly authorities: EntityRows<AuthorityEntity>;
  private readonly memberships: EntityRows<NetworkMembershipEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.entries = new EntityRows(dataSource, FocalPointEntity);
    this.authorities = new EntityRows(dataSource, AuthorityEntity);
    this.memberships = new EntityRows(dataSource, NetworkMembershipEntity);
  }

  async withRelations(
    rows: Record<string, unknown>[],
    networks: ReadonlyMap<string, NetworkEntity>,
  ): Promise<FocalPointEntity[]> {
    const entries = rows.map((row) => {
      const relations = row as unknown as RelationRow;
      const entry = this.entries.hydrate(row);
      entry.authority = this.authorities.hydrate(relations.relation_authority);
      entry.memberships = relations.relation_memberships.map((membership) =>
        this.memberships.hydrate(membership),
      );
      return entry;
    });
    const memberships = entries.flatMap((entry) => entry.memberships!);
    const unknown = [...new Set(memberships.map((m) => m.networkId))].filter(
      (id) => !networks.has(id),
    );
    const known = unknown.length
      ? new Map([
          ...networks,
          ...(await this.dataSource.manager.findBy(NetworkEntity, { id: In(unknown) })).map(
            (network) => [network.id, network] as const,
          ),
        ])
      : networks;
    for (const membership of memberships) membership.network = known.get(membership.networkId);
    return entries;
  }
}
