import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import type { AuthenticatedRequest } from '@fpn/identity';
import { DataSource, In } from 'typeorm';
import { MemberStateEntity } from '../member-states/member-state.entity';
import { RequestNotesEntity } from '../member-states/request-notes.entity';
import type { DirectoryReader } from './directory-reader';
import { DirectoryScope } from './directory-scope';
import type { RosterPosition } from './roster-cursor';
import type { RosterFilter } from './roster-filter';
import { type RosterPage, type RosterParent, RosterQueries } from './roster-queries.service';

/** The arguments every parent of one nested field shares: one batch per distinct set. */
interface NestedArgs {
  parent: RosterParent;
  filter: RosterFilter;
  first: number;
  after?: RosterPosition;
}

const byKey = <K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K) => {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key));
};

/**
 * One request's DataLoaders: whatever a page selects beyond its entries'
 * own statement (state, request notes, nested rosters), each kind is fetched
 * in one statement for the whole page. They live as long as the request, so
 * nothing is cached across callers.
 */
export class DirectoryLoaders {
  readonly memberState = new DataLoader<string, MemberStateEntity | undefined>(async (codes) =>
    byKey(
      codes,
      await this.dataSource.manager.findBy(MemberStateEntity, { code: In([...codes]) }),
      (s) => s.code,
    ),
  );

  /** A state's request notes in one network, keyed `code:networkId`. */
  readonly requestNotes = new DataLoader<string, RequestNotesEntity | undefined>(async (keys) => {
    const pairs = keys.map((key) => key.split(':') as [string, string]);
    const rows = await this.dataSource.manager.findBy(
      RequestNotesEntity,
      pairs.map(([memberStateCode, networkId]) => ({ memberStateCode, networkId })),
    );
    return byKey(keys, rows, (row) => `${row.memberStateCode}:${row.networkId}`);
  });

  private readonly nestedPageLoaders = new Map<string, DataLoader<string, RosterPage>>();
  private readonly nestedCountLoaders = new Map<string, DataLoader<string, number>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: RosterQueries,
    private readonly reader: Promise<DirectoryReader>,
  ) {}

  /** A parent's page; parents asked with the same arguments share one query. */
  nestedPage(args: NestedArgs, parentKey: string): Promise<RosterPage> {
    const key = JSON.stringify(args);
    let loader = this.nestedPageLoaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (parentKeys) => {
        const pages = await this.queries.nestedPages(
          await this.reader,
          args.parent,
          parentKeys,
          args.filter,
          args.first,
          args.after,
        );
        return parentKeys.map((parent) => pages.get(parent)!);
      });
      this.nestedPageLoaders.set(key, loader);
    }
    return loader.load(parentKey);
  }

  /** A parent's count, batched like its page. */
  nestedCount(args: Pick<NestedArgs, 'parent' | 'filter'>, parentKey: string): Promise<number> {
    const key = JSON.stringify(args);
    let loader = this.nestedCountLoaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (parentKeys) => {
        const counts = await this.queries.nestedCounts(
          await this.reader,
          args.parent,
          parentKeys,
          args.filter,
        );
        return parentKeys.map((parent) => counts.get(parent) ?? 0);
      });
      this.nestedCountLoaders.set(key, loader);
    }
    return loader.load(parentKey);
  }
}

/** Hands out one `DirectoryLoaders` per request (kept with the request object). */
@Injectable()
export class DirectoryLoaderFactory {
  private readonly loaders = new WeakMap<object, DirectoryLoaders>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: RosterQueries,
    private readonly scope: DirectoryScope,
  ) {}

  for(request: AuthenticatedRequest): DirectoryLoaders {
    let loaders = this.loaders.get(request);
    if (!loaders) {
      loaders = new DirectoryLoaders(this.dataSource, this.queries, this.scope.readerOf(request));
      this.loaders.set(request, loaders);
    }
    return loaders;
  }
}
