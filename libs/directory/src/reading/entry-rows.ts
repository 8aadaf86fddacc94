import { type DataSource, type EntityTarget, In, type ObjectLiteral } from 'typeorm';
import { AuthorityEntity } from '../authorities/authority.entity';
import { FocalPointEntity } from '../focal-points/focal-point.entity';
import { NetworkMembershipEntity } from '../memberships/network-membership.entity';
import { NetworkEntity } from '../networks/network.entity';

/**
 * An entity from a row keyed by column names — a row of a raw statement, or
 * a `to_json(row)` object — converted as TypeORM converts what it reads
 * (timestamps to dates, enums, arrays), without building a query through it.
 */
export function hydrate<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!column.isSelect || column.isVirtual || !(column.databaseName in row)) continue;
    column.setEntityValue(
      entity,
      dataSource.driver.prepareHydratedValue(row[column.databaseName], column),
    );
  }
  return entity;
}

/** The selectable columns of an entity's table under an alias: `fp.id, fp.full_name, …`. */
export function selectColumns(
  dataSource: DataSource,
  target: EntityTarget<ObjectLiteral>,
  alias: string,
): string {
  return dataSource
    .getMetadata(target)
    .columns.filter((column) => column.isSelect && !column.isVirtual)
    .map((column) => `${alias}.${column.databaseName}`)
    .join(', ');
}

/**
 * What brings an entry's authority and memberships (oldest first) in the
 * entry's own statement, without a round trip per kind: a join to the
 * authority (`relationJoin`) and the select-list expressions
 * (`relationColumns`), plain JSON rows — a membership's network is taken from
 * the reader's networks (`entriesWithRelations`).
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
 * Entries from rows with `selectColumns` and the relation columns: each with
 * its authority and memberships, each membership with its network — from
 * `networks` (the reader's), or, for a network created since they were read,
 * from one more statement.
 */
export async function entriesWithRelations(
  dataSource: DataSource,
  rows: Record<string, unknown>[],
  networks: ReadonlyMap<string, NetworkEntity>,
): Promise<FocalPointEntity[]> {
  const entries = rows.map((row) => {
    const relations = row as unknown as RelationRow;
    const entry = hydrate(dataSource, FocalPointEntity, row);
    entry.authority = hydrate(dataSource, AuthorityEntity, relations.relation_authority);
    entry.memberships = relations.relation_memberships.map((membership) =>
      hydrate(dataSource, NetworkMembershipEntity, membership),
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
        ...(await dataSource.manager.findBy(NetworkEntity, { id: In(unknown) })).map(
          (network) => [network.id, network] as const,
        ),
      ])
    : networks;
  for (const membership of memberships) membership.network = known.get(membership.networkId);
  return entries;
}
