import type { ProposedChange, FocalPointFields, NewAuthorityPayload } from './change-payload';
import { DirectoryChangeKind } from './directory-change.entity';
import type {
  FocalPointChangeInput,
  NewAuthorityInput,
  NewFocalPointInput,
  ProposeDirectoryChangeInput,
} from './directory-change.inputs';
import {
  badInput,
  LIMITS,
  optionalLine,
  validAuthorityKind,
  validAvailability,
  validContactChannels,
  validId,
  validLanguages,
  validLine,
  validMembershipRole,
  validNetworkKey,
  validTimeZone,
} from './directory-validation';

/** The input field of each kind, in the order the schema lists them. */
const KIND_FIELDS = {
  addFocalPoint: DirectoryChangeKind.ADD_FOCAL_POINT,
  changeFocalPoint: DirectoryChangeKind.CHANGE_FOCAL_POINT,
  retireFocalPoint: DirectoryChangeKind.RETIRE_FOCAL_POINT,
  addMembership: DirectoryChangeKind.ADD_MEMBERSHIP,
  removeMembership: DirectoryChangeKind.REMOVE_MEMBERSHIP,
  linkAccount: DirectoryChangeKind.LINK_ACCOUNT,
  addAuthority: DirectoryChangeKind.ADD_AUTHORITY,
  renameAuthority: DirectoryChangeKind.RENAME_AUTHORITY,
} as const satisfies Record<string, DirectoryChangeKind>;

type KindField = keyof typeof KIND_FIELDS;

/**
 * The change a proposal's input asks for, validated and normalized (the
 * database checks come later, in the transaction). Exactly one change field
 * must be given.
 */
export function proposedChangeOf(input: ProposeDirectoryChangeInput): ProposedChange {
  const given = (Object.keys(KIND_FIELDS) as KindField[]).filter((field) => input[field]);
  if (given.length !== 1) {
    throw badInput(
      'input',
      `Give exactly one change: ${Object.keys(KIND_FIELDS).join(', ')} (got ${given.length})`,
    );
  }
  const field = given[0];
  switch (field) {
    case 'addFocalPoint':
      return {
        kind: DirectoryChangeKind.ADD_FOCAL_POINT,
        payload: newFocalPoint(input.addFocalPoint!, field),
      };
    case 'changeFocalPoint':
      return {
        kind: DirectoryChangeKind.CHANGE_FOCAL_POINT,
        payload: focalPointChange(input.changeFocalPoint!, field),
      };
    case 'retireFocalPoint':
      return {
        kind: DirectoryChangeKind.RETIRE_FOCAL_POINT,
        payload: {
          focalPointId: validId(input.retireFocalPoint!.focalPointId, `${field}.focalPointId`),
        },
      };
    case 'addMembership': {
      const membership = input.addMembership!;
      return {
        kind: DirectoryChangeKind.ADD_MEMBERSHIP,
        payload: {
          focalPointId: validId(membership.focalPointId, `${field}.focalPointId`),
          networkKey: validNetworkKey(membership.networkKey, `${field}.networkKey`),
          role: validMembershipRole(membership.role, `${field}.role`),
        },
      };
    }
    case 'removeMembership': {
      const membership = input.removeMembership!;
      return {
        kind: DirectoryChangeKind.REMOVE_MEMBERSHIP,
        payload: {
          focalPointId: validId(membership.focalPointId, `${field}.focalPointId`),
          networkKey: validNetworkKey(membership.networkKey, `${field}.networkKey`),
        },
      };
    }
    case 'linkAccount': {
      const link = input.linkAccount!;
      return {
        kind: DirectoryChangeKind.LINK_ACCOUNT,
        payload: {
          focalPointId: validId(link.focalPointId, `${field}.focalPointId`),
          userId: validId(link.userId, `${field}.userId`),
        },
      };
    }
    case 'addAuthority':
      return {
        kind: DirectoryChangeKind.ADD_AUTHORITY,
        payload: newAuthority(input.addAuthority!, field),
      };
    case 'renameAuthority': {
      const rename = input.renameAuthority!;
      return {
        kind: DirectoryChangeKind.RENAME_AUTHORITY,
        payload: {
          authorityId: validId(rename.authorityId, `${field}.authorityId`),
          nameEn: validLine(rename.nameEn, `${field}.nameEn`, { max: LIMITS.authorityName }),
          nameRu: optionalLine(rename.nameRu, `${field}.nameRu`, LIMITS.authorityName),
        },
      };
    }
  }
}

export function newAuthority(input: NewAuthorityInput, at: string): NewAuthorityPayload {
  return {
    nameEn: validLine(input.nameEn, `${at}.nameEn`, { max: LIMITS.authorityName }),
    nameRu: optionalLine(input.nameRu, `${at}.nameRu`, LIMITS.authorityName),
    authorityKind: validAuthorityKind(input.kind, `${at}.kind`),
  };
}

function newFocalPoint(input: NewFocalPointInput, at: string) {
  if (Boolean(input.authorityId) === Boolean(input.newAuthority)) {
    throw badInput(`${at}.authorityId`, 'Give either authorityId or newAuthority');
  }
  const memberships = (input.memberships ?? []).map((membership, index) => ({
    networkKey: validNetworkKey(membership.networkKey, `${at}.memberships[${index}].networkKey`),
    role: validMembershipRole(membership.role, `${at}.memberships[${index}].role`),
  }));
  memberships.forEach((membership, index) => {
    if (memberships.findIndex((other) => other.networkKey === membership.networkKey) !== index) {
      throw badInput(`${at}.memberships[${index}].networkKey`, 'This network is listed twice');
    }
  });
  return {
    authorityId: input.authorityId ? validId(input.authorityId, `${at}.authorityId`) : null,
    newAuthority: input.newAuthority
      ? newAuthority(input.newAuthority, `${at}.newAuthority`)
      : null,
    ...entryFields(input, at),
    memberships,
    userId: input.userId ? validId(input.userId, `${at}.userId`) : null,
  };
}

type EntryFieldsInput = Partial<{
  [K in keyof Omit<FocalPointFields, 'authorityId'>]: FocalPointChangeInput[K];
}>;

/** The entry's own fields, each validated; every one is required. */
function entryFields(input: EntryFieldsInput, at: string): Omit<FocalPointFields, 'authorityId'> {
  return {
    fullName: validLine(input.fullName, `${at}.fullName`, { max: LIMITS.fullName }),
    title: validLine(input.title, `${at}.title`, { max: LIMITS.title }),
    languages: validLanguages(input.languages, `${at}.languages`),
    timeZone: validTimeZone(input.timeZone ?? '', `${at}.timeZone`),
    availability: validAvailability(input.availability!, `${at}.availability`),
    contactChannels: validContactChannels(input.contactChannels, `${at}.contactChannels`),
  };
}

/**
 * The given fields of an entry, validated; those left out (null) are not
 * part of the change. Shared by proposals and the Secretariat's corrections.
 */
export function entryFieldChanges(
  input: EntryFieldsInput & { authorityId?: string | null },
  at: string,
): Partial<FocalPointFields> {
  const changes: Partial<FocalPointFields> = {};
  if (input.fullName != null) {
    changes.fullName = validLine(input.fullName, `${at}.fullName`, { max: LIMITS.fullName });
  }
  if (input.title != null) {
    changes.title = validLine(input.title, `${at}.title`, { max: LIMITS.title });
  }
  if (input.authorityId != null)
    changes.authorityId = validId(input.authorityId, `${at}.authorityId`);
  if (input.languages != null) {
    changes.languages = validLanguages(input.languages, `${at}.languages`);
  }
  if (input.timeZone != null) changes.timeZone = validTimeZone(input.timeZone, `${at}.timeZone`);
  if (input.availability != null) {
    changes.availability = validAvailability(input.availability, `${at}.availability`);
  }
  if (input.contactChannels != null) {
    changes.contactChannels = validContactChannels(input.contactChannels, `${at}.contactChannels`);
  }
  return changes;
}

function focalPointChange(input: FocalPointChangeInput, at: string) {
  const focalPointId = validId(input.focalPointId, `${at}.focalPointId`);
  const changes = entryFieldChanges(input, at);
  if (Object.keys(changes).length === 0) throw badInput(at, 'Name at least one field to change');
  return { focalPointId, changes };
}
