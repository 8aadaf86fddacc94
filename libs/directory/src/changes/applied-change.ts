import type { DirectoryVersionEntity } from '../history/directory-version.entity';

/** What happened to an entry, for its person's notification. */
export enum DirectoryEntryChange {
  CREATED = 'created',
  UPDATED = 'updated',
  CORRECTED = 'corrected',
  NETWORK_ADDED = 'network_added',
  NETWORK_REMOVED = 'network_removed',
  ACCOUNT_LINKED = 'account_linked',
  ACCOUNT_UNLINKED = 'account_unlinked',
  SUSPENDED = 'suspended',
  RETIRED = 'retired',
  REACTIVATED = 'reactivated',
}

/** An entry's person to tell about a change. */
export interface EntryNotice {
  userId: string;
  focalPointId: string;
  memberStateCode: string;
  entryChange: DirectoryEntryChange;
}

export interface AppliedChange {
  /** The focal point or authority the change created or changed. */
  appliedEntityId: string;
  versions: DirectoryVersionEntity[];
  notices: EntryNotice[];
}
