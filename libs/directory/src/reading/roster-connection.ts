import { type GraphQLResolveInfo, Kind, type SelectionNode } from 'graphql';
import type { FocalPointEntity } from '../focal-points/focal-point.entity';
import { FocalPointModel } from '../focal-points/focal-point.model';
import { type DirectoryReader, everyMembership, showsMembershipOf } from './directory-reader';
import type { FocalPointConnection } from './focal-point-connection.model';
import { encodeRosterCursor } from './roster-cursor';
import type { RosterPage } from './roster-queries.service';

/**
 * The model of a kept entry (frozen: `DirectoryCache`) as shown whole, built
 * once for every reader who sees all its memberships, as long as the entry is kept.
 */
const wholeModels = new WeakMap<FocalPointEntity, FocalPointModel>();

/** An entry read with its relations, as the reader sees it. */
export function entryModel(reader: DirectoryReader, entry: FocalPointEntity): FocalPointModel {
  const shows = showsMembershipOf(reader, entry.id);
  if (shows !== everyMembership || !Object.isFrozen(entry)) {
    return FocalPointModel.fromEntity(entry, shows);
  }
  let model = wholeModels.get(entry);
  if (!model) {
    model = Object.freeze(FocalPointModel.fromEntity(entry, shows));
    wholeModels.set(entry, model);
  }
  return model;
}

/** A page as a Relay connection; the count runs only if `totalCount` is selected and the page did not count. */
export function toConnection(
  reader: DirectoryReader,
  page: RosterPage,
  count: () => Promise<number>,
): FocalPointConnection {
  const { entries } = page;
  // An edge's cursor is written only if the query asks for it.
  const edges = entries.map((entry) => ({
    get cursor() {
      return encodeRosterCursor(entry);
    },
    node: entryModel(reader, entry),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: entries.length ? encodeRosterCursor(entries[0]) : null,
      endCursor: entries.length ? encodeRosterCursor(entries.at(-1)!) : null,
    },
    count: page.total === undefined ? count : () => Promise.resolve(page.total!),
  };
}

/** Whether a connection field's selection asks for `totalCount` (directly or in a fragment). */
export function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  const visit = (selections: readonly SelectionNode[]): boolean =>
    selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === 'totalCount';
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet.selections);
      const fragment = info.fragments[selection.name.value];
      return fragment ? visit(fragment.selectionSet.selections) : false;
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet?.selections ?? []));
}
