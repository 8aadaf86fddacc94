import type { AuthorityKind } from '../authorities/authority.entity';
import type { Availability, ContactChannel } from '../focal-points/focal-point.entity';
import type { MembershipRole } from '../memberships/network-membership.entity';
import { DirectoryChangeKind } from './directory-change.entity';

export interface NewAuthorityPayload {
  nameEn: string;
  nameRu: string | null;
  authorityKind: AuthorityKind;
}

export interface MembershipPayload {
  networkKey: string;
  role: MembershipRole;
}

/** The fields of an entry that a proposal may set (and the Secretariat partly correct). */
export interface FocalPointFields {
  fullName: string;
  title: string;
  authorityId: string;
  languages: string[];
  timeZone: string;
  availability: Availability;
  contactChannels: ContactChannel[];
}

export interface AddFocalPointPayload extends Omit<FocalPointFields, 'authorityId'> {
  /** An existing authority of the state, or null when `newAuthority` is created with the entry. */
  authorityId: string | null;
  newAuthority: NewAuthorityPayload | null;
  memberships: MembershipPayload[];
  /** An account of the state to link to the new entry. */
  userId: string | null;
}

export interface ChangeFocalPointPayload {
  focalPointId: string;
  changes: Partial<FocalPointFields>;
}

export interface FocalPointRefPayload {
  focalPointId: string;
}

export interface AddMembershipPayload extends MembershipPayload {
  focalPointId: string;
}

export interface RemoveMembershipPayload {
  focalPointId: string;
  networkKey: string;
}

export interface LinkAccountPayload {
  focalPointId: string;
  userId: string;
}

export interface RenameAuthorityPayload {
  authorityId: string;
  nameEn: string;
  nameRu: string | null;
}

/** Each kind's payload, as stored in `directory_change.payload`. */
export interface PayloadByKind {
  [DirectoryChangeKind.ADD_FOCAL_POINT]: AddFocalPointPayload;
  [DirectoryChangeKind.CHANGE_FOCAL_POINT]: ChangeFocalPointPayload;
  [DirectoryChangeKind.RETIRE_FOCAL_POINT]: FocalPointRefPayload;
  [DirectoryChangeKind.ADD_MEMBERSHIP]: AddMembershipPayload;
  [DirectoryChangeKind.REMOVE_MEMBERSHIP]: RemoveMembershipPayload;
  [DirectoryChangeKind.LINK_ACCOUNT]: LinkAccountPayload;
  [DirectoryChangeKind.ADD_AUTHORITY]: NewAuthorityPayload;
  [DirectoryChangeKind.RENAME_AUTHORITY]: RenameAuthorityPayload;
}

export type ChangePayload = PayloadByKind[DirectoryChangeKind];

/** A kind with its payload, so a switch on `kind` narrows the payload. */
export type ProposedChange = {
  [K in DirectoryChangeKind]: { kind: K; payload: PayloadByKind[K] };
}[DirectoryChangeKind];

export const proposedChange = (change: {
  kind: DirectoryChangeKind;
  payload: ChangePayload;
}): ProposedChange => ({ kind: change.kind, payload: change.payload }) as ProposedChange;
