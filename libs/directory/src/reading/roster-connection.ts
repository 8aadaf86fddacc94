import { type GraphQLResolveInfo, Kind, type SelectionNode } from 'graphql';
import type { FocalPointEntity } from '../focal-points/focal-point.entity';
import { FocalPointModel } from '../focal-points/focal-point.model';
import { type DirectoryReader, showsMembershipOf } from './directory-reader';
import type { FocalPointConnection } from './focal-point-connection.model';
import { encodeRosterCursor } from './roster-cursor';
import type { RosterPage } from './roster-queries.service';

/** An entry read with its relations, as the reader sees it. */
export function entryModel(reader: DirectoryReader, entry: FocalPointEntity): FocalPointModel {
  return FocalPointModel.fromEntity(entry, showsMembershipOf(reader, entry.id));
}

/** A page as a Relay connection; the count runs only if `totalCount` is selected and the page did not count. */
export function toConnection(
  reader: DirectoryReader,
  page: RosterPage,
  count: () => Promise<number>,
): FocalPointConnection {
  const edges = page.entries.map((entry) => ({
    cursor: encodeRosterCursor(entry),
    node: entryModel(reader, entry),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
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
