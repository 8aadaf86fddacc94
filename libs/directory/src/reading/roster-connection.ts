import { FocalPointModel } from '../focal-points/focal-point.model';
import type { FocalPointConnection } from './focal-point-connection.model';
import { encodeRosterCursor } from './roster-cursor';
import type { RosterPage } from './roster-queries.service';

/** A page as a Relay connection; the count runs only if `totalCount` is selected. */
export function toConnection(page: RosterPage, count: () => Promise<number>): FocalPointConnection {
  const edges = page.entries.map((entry) => ({
    cursor: encodeRosterCursor(entry),
    node: FocalPointModel.fromEntity(entry),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    count,
  };
}
