import type { CallerScope } from '@fpn/identity';
import type { NetworkEntity } from '../networks/network.entity';

/**
 * Who reads the directory, resolved once per request by `DirectoryScope`:
 *
 * - the Secretariat reads everything;
 * - a coordinator reads their whole state;
 * - a focal point reads their own entry and the entries of the networks their
 *   own (active) entry belongs to; contact channels only of active fellow
 *   members; an account with no linked entry reads nothing of the roster;
 * - a ministry system (API credential with DIRECTORY_READ) reads the entries of
 *   its state that belong to one of its networks.
 *
 * `networks` holds the id of every network by key and `networksById` the
 * networks themselves (a handful of rows), so filters, scope and the
 * memberships shown need no further look-ups. Both, and a focal point's own
 * entry, are kept across requests until the directory changes (`DirectoryCache`).
 */
interface ReaderBase {
  scope: CallerScope;
  /** Every network's id by key. */
  networks: ReadonlyMap<string, string>;
  /** Every network by id, as read with the reader: what a membership shows of its network. */
  networksById: ReadonlyMap<string, NetworkEntity>;
  /**
   * The directory's generation read at the start of the request: answers kept
   * under it may be served (`DirectoryCache`). Null or absent: none are.
   */
  generation?: number | null;
}

export type DirectoryReader =
  | (ReaderBase & { kind: 'secretariat' })
  | (ReaderBase & { kind: 'coordinator'; memberStateCode: string })
  | (ReaderBase & {
      kind: 'focal-point';
      memberStateCode: string;
      /** The caller's own entry, if an approved proposal linked one to the account. */
      ownEntryId: string | null;
      /** Ids of the networks the own entry belongs to while it is active. */
      networkIds: readonly string[];
    })
  | (ReaderBase & {
      kind: 'credential';
      memberStateCode: string;
      /** Ids of the credential's networks. */
      networkIds: readonly string[];
    });

/** Networks whose memberships the reader sees on others' entries; undefined: all. */
export function visibleNetworkIds(reader: DirectoryReader): ReadonlySet<string> | undefined {
  return reader.kind === 'focal-point' || reader.kind === 'credential'
    ? new Set(reader.networkIds)
    : undefined;
}

/** What `showsMembershipOf` answers where the reader sees every membership of the entry. */
export const everyMembership = (): boolean => true;

/**
 * Which of an entry's memberships the reader sees: every one of their own
 * entry; on others', those in the reader's networks for a focal point or a
 * ministry system, all for anyone else.
 */
export function showsMembershipOf(
  reader: DirectoryReader,
  entryId: string,
): (membership: { networkId: string }) => boolean {
  const visible = visibleNetworkIds(reader);
  if (!visible || (reader.kind === 'focal-point' && reader.ownEntryId === entryId)) {
    return everyMembership;
  }
  return (membership) => visible.has(membership.networkId);
}

/**
 * Whether the reader may see an entry's contact channels. The entry is one the
 * reader may see (its query applied the scope); `networkIds` are the entry's networks.
 */
export function mayReadContactChannels(
  reader: DirectoryReader,
  entry: { id: string; status: string },
  entryNetworkIds: readonly string[],
): boolean {
  if (reader.kind !== 'focal-point') return true;
  if (entry.id === reader.ownEntryId) return true;
  // A fellow member: an active entry in a network the reader belongs to.
  return entry.status === 'active' && entryNetworkIds.some((id) => reader.networkIds.includes(id));
}
