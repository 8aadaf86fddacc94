import type { DirectoryReader } from './directory-reader';
import type { RosterPosition } from './roster-cursor';
import type { RosterFilter } from './roster-filter';

/** SQL over `focal_point` with TypeORM-style named parameters (`:name`). */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

const NOTHING: SqlCondition = { sql: 'FALSE', params: {} };

/** `%` and `_` are LIKE's wildcards; normalised terms never hold them, but a term is data. */
const likeContaining = (term: string) => `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

const inNetworks = (fp: string, alias: string, param: string) =>
  `EXISTS (SELECT 1 FROM network_membership ${alias} WHERE ${alias}.focal_point_id = ${fp}.id AND ${alias}.network_id = ANY(CAST(:${param} AS uuid[])))`;

/**
 * What the reader may see, as a WHERE condition on `fp` (undefined: everything).
 * Scope is applied in SQL, never by filtering rows after loading them.
 */
export function scopeCondition(reader: DirectoryReader, fp = 'fp'): SqlCondition | undefined {
  switch (reader.kind) {
    case 'secretariat':
      return undefined;
    case 'coordinator':
      return {
        sql: `${fp}.member_state_code = :scopeState`,
        params: { scopeState: reader.memberStateCode },
      };
    case 'focal-point':
      if (!reader.ownEntryId) return NOTHING;
      if (!reader.networkIds.length) {
        return { sql: `${fp}.id = :scopeOwnEntry`, params: { scopeOwnEntry: reader.ownEntryId } };
      }
      return {
        sql: `(${fp}.id = :scopeOwnEntry OR ${inNetworks(fp, 'scope_m', 'scopeNetworks')})`,
        params: { scopeOwnEntry: reader.ownEntryId, scopeNetworks: reader.networkIds },
      };
    case 'credential':
      if (!reader.networkIds.length) return NOTHING;
      return {
        sql: `${fp}.member_state_code = :scopeState AND ${inNetworks(fp, 'scope_m', 'scopeNetworks')}`,
        params: { scopeState: reader.memberStateCode, scopeNetworks: reader.networkIds },
      };
  }
}

/**
 * Whether a network's roster is the reader's to see (`network` is an SQL
 * expression of its id): a focal point or ministry system sees the members
 * of its own networks only — also of a fellow member's other networks, which
 * a filter or a nested `Network.focalPoints` would otherwise reveal.
 */
export function networkVisibility(
  reader: DirectoryReader,
  network: string,
): SqlCondition | undefined {
  if (reader.kind !== 'focal-point' && reader.kind !== 'credential') return undefined;
  return {
    sql: `${network} = ANY(CAST(:visibleNetworks AS uuid[]))`,
    params: { visibleNetworks: reader.networkIds },
  };
}

/** The filter's conditions on `fp`, each served by an index (see docs/directory.md). */
export function filterConditions(filter: RosterFilter, fp = 'fp'): SqlCondition[] {
  const conditions: SqlCondition[] = [];
  if (filter.memberStateCode) {
    conditions.push({
      sql: `${fp}.member_state_code = :filterState`,
      params: { filterState: filter.memberStateCode },
    });
  }
  if (filter.networkId) {
    conditions.push({
      sql: `EXISTS (SELECT 1 FROM network_membership filter_m WHERE filter_m.focal_point_id = ${fp}.id AND filter_m.network_id = :filterNetwork)`,
      params: { filterNetwork: filter.networkId },
    });
  }
  if (filter.authorityKind) {
    conditions.push({
      sql: `${fp}.authority_id IN (SELECT filter_a.id FROM authority filter_a WHERE filter_a.kind = :filterAuthorityKind)`,
      params: { filterAuthorityKind: filter.authorityKind },
    });
  }
  if (filter.language) {
    conditions.push({
      sql: `${fp}.languages @> ARRAY[CAST(:filterLanguage AS varchar)]`,
      params: { filterLanguage: filter.language },
    });
  }
  if (filter.availability) {
    conditions.push({
      sql: `${fp}.availability = :filterAvailability`,
      params: { filterAvailability: filter.availability },
    });
  }
  if (filter.status) {
    conditions.push({
      sql: `${fp}.status = :filterStatus`,
      params: { filterStatus: filter.status },
    });
  }
  filter.terms.forEach((term, index) => {
    conditions.push({
      sql: `${fp}.search_text LIKE :filterTerm${index}`,
      params: { [`filterTerm${index}`]: likeContaining(term) },
    });
  });
  return conditions;
}

/** After a cursor, in the roster's order (full name, then id). */
export function afterCondition(position: RosterPosition | undefined, fp = 'fp'): SqlCondition[] {
  if (!position) return [];
  return [
    {
      sql: `(${fp}.full_name, ${fp}.id) > (:afterName, CAST(:afterId AS uuid))`,
      params: { afterName: position.fullName, afterId: position.id },
    },
  ];
}

/** Conditions joined with AND; `TRUE` when there are none. */
export function allOf(conditions: (SqlCondition | undefined)[]): SqlCondition {
  const present = conditions.filter((condition): condition is SqlCondition => Boolean(condition));
  if (!present.length) return { sql: 'TRUE', params: {} };
  return {
    sql: present.map((condition) => condition.sql).join(' AND '),
    params: Object.assign({}, ...present.map((condition) => condition.params)) as Record<
      string,
      unknown
    >,
  };
}
