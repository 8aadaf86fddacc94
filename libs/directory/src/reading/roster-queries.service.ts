import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, NotFoundError, PLANNED_EACH_CALL } from '@fpn/core';
import { DataSource } from 'typeorm';
import { FocalPointEntity } from '../focal-points/focal-point.entity';
import { DirectoryCache, statementKey } from './directory-cache';
import type { DirectoryReader } from './directory-reader';
import { EntryRows, relationColumns, relationJoin } from './entry-rows';
import type { RosterPosition } from './roster-cursor';
import type { RosterFilter } from './roster-filter';
import {
  afterCondition,
  allOf,
  filterConditions,
  networkVisibility,
  scopeCondition,
  type SqlCondition,
} from './roster-sql';

export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 100;

/** One page in the roster's order; `hasNextPage` from fetching one entry more than asked. */
export interface RosterPage {
  /** Each with its authority and memberships (`EntryRows.withRelations`). */
  entries: FocalPointEntity[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Every match of the filter, when the page's statement counted them. */
  total?: number;
}

/** A roster nested under reference data: a network's members or a state's entries. */
export type RosterParent = 'network' | 'state';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `first` between 1 and 100, else BAD_USER_INPUT naming it. */
export function checkPageSize(first: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > PAGE_MAX) {
    throw new DomainError(ErrorCode.BadUserInput, `first must be between 1 and ${PAGE_MAX}`, {
      field,
    });
  }
  return first;
}

/** The roster of a parent (`parent.key` is the network id or the state code) the reader may see. */
function parentCondition(reader: DirectoryReader, parent: RosterParent): SqlCondition {
  if (parent === 'state') {
    return { sql: 'fp.member_state_code = CAST(parent.key AS char(2))', params: {} };
  }
  return allOf([
    {
      sql: 'EXISTS (SELECT 1 FROM network_membership parent_m WHERE parent_m.focal_point_id = fp.id AND parent_m.network_id = CAST(parent.key AS uuid))',
      params: {},
    },
    networkVisibility(reader, 'CAST(parent.key AS uuid)'),
  ]);
}

/**
 * Reads focal points in a reader's scope: pages (top level, or one page per
 * parent in a single statement), counts and lookups by id. Scope and filters
 * are WHERE clauses; the order is full name, then id, on an index.
 */
@Injectable()
export class RosterQueries {
  private readonly rows: EntryRows;
  /** Every selectable column of an entry, under `fp`. */
  private readonly columns: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: DirectoryCache,
  ) {
    this.rows = new EntryRows(dataSource);
    this.columns = this.rows.entries.select('fp');
  }

  /**
   * One statement: the page plus one entry, to know whether more follow, each
   * with its authority and memberships. With `withTotal` on a first page, the
   * same statement counts every match (a window count, before the limit) and
   * the page carries it as `total`. Kept across requests until the directory
   * changes (`DirectoryCache`).
   */
  async page(
    reader: DirectoryReader,
    filter: RosterFilter,
    first: number,
    after?: RosterPosition,
    withTotal = false,
  ): Promise<RosterPage> {
    const where = this.where(reader, filter, after);
    const counted = withTotal && !after;
    return this.kept(
      reader,
      `SELECT page.*, ${relationColumns('page')}
         FROM (SELECT ${this.columns}${counted ? ', count(*) OVER () AS roster_total' : ''}
                 FROM focal_point fp
                WHERE ${where.sql}
                ORDER BY fp.full_name, fp.id
                LIMIT :pageLimit) page
         ${relationJoin('page')}
        ORDER BY page.full_name, page.id`,
      { ...where.params, pageLimit: first + 1 },
      (page) => page.entries.length + 1,
      async (rows: (Record<string, unknown> & { roster_total?: string })[]) => {
        const entries = await this.rows.withRelations(rows, reader.networksById);
        const page = toPage(entries, first, Boolean(after));
        return counted ? { ...page, total: Number(rows[0]?.roster_total ?? 0) } : page;
      },
    );
  }

  /** How many entries the filter matches in the reader's scope; kept like pages. */
  async count(reader: DirectoryReader, filter: RosterFilter): Promise<number> {
    const where = this.where(reader, filter);
    const { count } = await this.kept(
      reader,
      `SELECT count(*) AS count FROM focal_point fp WHERE ${where.sql}`,
      where.params,
      () => 1,
      async ([row]: { count: string }[]) => ({ count: Number(row.count) }),
    );
    return count;
  }

  /** An entry in the reader's scope, with its relations; outside it, NOT_FOUND as if it did not exist. */
  async get(reader: DirectoryReader, id: string): Promise<FocalPointEntity> {
    if (!UUID.test(id)) {
      throw new DomainError(ErrorCode.BadUserInput, 'An id is a UUID', { field: 'id' });
    }
    const where = allOf([
      { sql: 'fp.id = :entryId', params: { entryId: id } },
      scopeCondition(reader),
    ]);
    const rows = await this.raw<Record<string, unknown>>(
      `SELECT ${this.columns}, ${relationColumns('fp')}
         FROM focal_point fp ${relationJoin('fp')}
        WHERE ${where.sql}`,
      where.params,
    );
    if (!rows.length) throw new NotFoundError('Focal point', id);
    const [entry] = await this.rows.withRelations(rows, reader.networksById);
    return entry;
  }

  /**
   * One page per parent, the same arguments for each, in two statements
   * whatever the number of parents: the ids of each page (a LATERAL subquery
   * per parent, each walking the order index), then the entries with their
   * relations.
   */
  async nestedPages(
    reader: DirectoryReader,
    parent: RosterParent,
    parentKeys: readonly string[],
    filter: RosterFilter,
    first: number,
    after?: RosterPosition,
  ): Promise<Map<string, RosterPage>> {
    const where = allOf([parentCondition(reader, parent), this.where(reader, filter, after)]);
    const rows = await this.raw<{ parent: string; id: string }>(
      `SELECT parent.key AS parent, page.id
         FROM unnest(CAST(:parents AS text[])) AS parent(key)
        CROSS JOIN LATERAL (
          SELECT fp.id, fp.full_name FROM focal_point fp
           WHERE ${where.sql}
           ORDER BY fp.full_name, fp.id
           LIMIT :pageLimit
        ) page
        ORDER BY parent.key, page.full_name, page.id`,
      { ...where.params, parents: parentKeys, pageLimit: first + 1 },
    );
    const entries = rows.length
      ? await this.rows.withRelations(
          await this.raw<Record<string, unknown>>(
            `SELECT ${this.columns}, ${relationColumns('fp')}
               FROM focal_point fp ${relationJoin('fp')}
              WHERE fp.id = ANY(CAST(:pageIds AS uuid[]))`,
            { pageIds: [...new Set(rows.map((row) => row.id))] },
          ),
          reader.networksById,
        )
      : [];
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    const pages = new Map<string, RosterPage>();
    for (const key of parentKeys) {
      const ids = rows.filter((row) => row.parent === key).map((row) => row.id);
      pages.set(
        key,
        toPage(
          ids.map((id) => byId.get(id)!),
          first,
          Boolean(after),
        ),
      );
    }
    return pages;
  }

  /** Counts per parent, in one statement. */
  async nestedCounts(
    reader: DirectoryReader,
    parent: RosterParent,
    parentKeys: readonly string[],
    filter: RosterFilter,
  ): Promise<Map<string, number>> {
    const where = allOf([parentCondition(reader, parent), this.where(reader, filter)]);
    const rows = await this.raw<{ parent: string; count: string }>(
      `SELECT parent.key AS parent,
              (SELECT count(*) FROM focal_point fp WHERE ${where.sql}) AS count
         FROM unnest(CAST(:parents AS text[])) AS parent(key)`,
      { ...where.params, parents: parentKeys },
    );
    return new Map(rows.map((row) => [row.parent, Number(row.count)]));
  }

  private where(reader: DirectoryReader, filter: RosterFilter, after?: RosterPosition) {
    return allOf([
      scopeCondition(reader),
      filter.networkId ? networkVisibility(reader, 'CAST(:filterNetwork AS uuid)') : undefined,
      ...filterConditions(filter),
      ...afterCondition(after),
    ]);
  }

  /**
   * A statement's answer as kept under the reader's generation, else `answer`
   * of its rows, kept: the key is the statement as sent, scope and all.
   */
  private kept<Row, T extends object>(
    reader: DirectoryReader,
    sql: string,
    params: SqlCondition['params'],
    size: (value: T) => number,
    answer: (rows: Row[]) => Promise<T>,
  ): Promise<T> {
    const [query, parameters] = this.escaped(sql, params);
    return this.cache.read(reader.generation, statementKey(query, parameters), size, async () =>
      answer(await this.dataSource.query<Row[]>(query, parameters)),
    );
  }

  /**
   * Planned on every call, never prepared: how a search is best run depends on
   * its terms and filters (a one-letter term matches nearly everything).
   */
  private raw<Row>(sql: string, params: SqlCondition['params']): Promise<Row[]> {
    return this.dataSource.query<Row[]>(...this.escaped(sql, params));
  }

  private escaped(sql: string, params: SqlCondition['params']): [string, unknown[]] {
    return this.dataSource.driver.escapeQueryWithParameters(PLANNED_EACH_CALL + sql, params);
  }
}

function toPage(rows: FocalPointEntity[], first: number, hasPreviousPage: boolean): RosterPage {
  return { entries: rows.slice(0, first), hasNextPage: rows.length > first, hasPreviousPage };
}
