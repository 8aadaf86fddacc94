import type { AuthenticatedRequest } from '@fpn/identity';
import type { DirectoryLoaderFactory } from './directory-loaders';
import type { DirectoryScope } from './directory-scope';
import type { FocalPointConnection } from './focal-point-connection.model';
import type { FocalPointFilterInput } from './focal-point-filter.input';
import { toConnection } from './roster-connection';
import { decodeRosterCursor } from './roster-cursor';
import { checkRosterFilter } from './roster-filter';
import { checkPageSize, type RosterParent } from './roster-queries.service';

/**
 * `Network.focalPoints` and `MemberState.focalPoints`: the top-level list with
 * the parent as one more condition. Never FORBIDDEN — the parent is public
 * reference data; its roster is what the caller may see of it, maybe nothing.
 * Parents asked with the same arguments share one query.
 */
export async function nestedRoster(
  services: { scope: DirectoryScope; loaders: DirectoryLoaderFactory },
  request: AuthenticatedRequest,
  parent: RosterParent,
  parentKey: string,
  args: { filter: FocalPointFilterInput | null; first: number; after: string | null },
): Promise<FocalPointConnection> {
  const first = checkPageSize(args.first);
  const after = args.after == null ? undefined : decodeRosterCursor(args.after);
  const reader = await services.scope.readerOf(request);
  const filter = checkRosterFilter(reader, args.filter, 'filter', { refuseOutOfScope: false });
  const loaders = services.loaders.for(request);
  const page = await loaders.nestedPage({ parent, filter, first, after }, parentKey);
  return toConnection(reader, page, () => loaders.nestedCount({ parent, filter }, parentKey));
}
