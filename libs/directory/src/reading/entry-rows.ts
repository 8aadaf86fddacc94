import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { AuthorityEntity } from '../authorities/authority.entity';
import { FocalPointEntity } from '../focal-points/focal-point.entity';
import { NetworkMembershipEntity } from '../memberships/network-membership.entity';
import { NetworkEntity } from '../networks/network.entity';

/**
 * An entity from a row keyed by column names — a row of a raw statement, or
 * a `to_jsonb(table)` object — converted as TypeORM converts what it reads
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
 * The select-list expressions that bring an entry's authority and its
 * memberships (each with its network, oldest first) in the entry's own
 * statement: what every entry shown needs, without a round trip per kind.
 */
export function relationColumns(alias: string): string {
  return `(SELECT to_jsonb(a) FROM authority a WHERE a.id = ${alias}.authority_id) AS relation_authority,
          (SELECT coalesce(jsonb_agg(jsonb_build_object('membership', to_jsonb(m), 'network', to_jsonb(n))
                                     ORDER BY m.created_at, m.id), '[]'::jsonb)
             FROM network_membership m JOIN network n ON n.id = m.network_id
            WHERE m.focal_point_id = ${alias}.id) AS relation_memberships`;
}

interface RelationRow {
  relation_authority: Record<string, unknown>;
  relation_memberships: { membership: Record<string, unknown>; network: Record<string, unknown> }[];
}

/** An entry from a row with `selectColumns` and `relationColumns`: its authority and memberships filled. */
export function entryWithRelations(
  dataSource: DataSource,
  row: Record<string, unknown>,
): FocalPointEntity {
  const { relation_authority: authority, relation_memberships: memberships } =
    row as unknown as RelationRow;
  const entry = hydrate(dataSource, FocalPointEntity, row);
  entry.authority = hydrate(dataSource, AuthorityEntity, authority);
  entry.memberships = memberships.map((item) => {
    const membership = hydrate(dataSource, NetworkMembershipEntity, item.membership);
    membership.network = hydrate(dataSource, NetworkEntity, item.network);
    return membership;
  });
  return entry;
}
