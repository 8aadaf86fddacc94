import { DomainError } from '@fpn/core';
import { AuthorityKind } from '../authorities/authority.entity';
import { Availability, ContactChannelKind } from '../focal-points/focal-point.entity';
import { MembershipRole } from '../memberships/network-membership.entity';
import { DirectoryChangeKind } from './directory-change.entity';
import type { ProposeDirectoryChangeInput } from './directory-change.inputs';
import { proposedChangeOf } from './proposal-input';

const ID = '6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';

const base = { memberStateCode: 'KZ', reason: 'Appointed by order 12' };

const newEntry = {
  newAuthority: {
    nameEn: 'Border Service',
    nameRu: 'Пограничная служба',
    kind: AuthorityKind.BORDER_GUARD,
  },
  fullName: ' Айгерим Нурланова ',
  title: 'Head of the duty desk',
  languages: ['ru', 'KK'],
  timeZone: 'Asia/Almaty',
  availability: Availability.ROUND_THE_CLOCK,
  contactChannels: [{ kind: ContactChannelKind.MOBILE, value: '+7 701 123 45 67' }],
  memberships: [{ networkKey: 'border-control', role: MembershipRole.PRIMARY }],
};

function fieldOf(input: Partial<ProposeDirectoryChangeInput>): unknown {
  try {
    proposedChangeOf({ ...base, ...input } as ProposeDirectoryChangeInput);
  } catch (error) {
    if (error instanceof DomainError) return error.details?.field;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('proposedChangeOf', () => {
  it('normalizes a new entry', () => {
    const change = proposedChangeOf({
      ...base,
      addFocalPoint: newEntry,
    } as ProposeDirectoryChangeInput);
    expect(change).toEqual({
      kind: DirectoryChangeKind.ADD_FOCAL_POINT,
      payload: {
        authorityId: null,
        newAuthority: {
          nameEn: 'Border Service',
          nameRu: 'Пограничная служба',
          authorityKind: AuthorityKind.BORDER_GUARD,
        },
        fullName: 'Айгерим Нурланова',
        title: 'Head of the duty desk',
        languages: ['ru', 'kk'],
        timeZone: 'Asia/Almaty',
        availability: Availability.ROUND_THE_CLOCK,
        contactChannels: [{ kind: 'mobile', value: '+77011234567', note: null }],
        memberships: [{ networkKey: 'border-control', role: 'primary' }],
        userId: null,
      },
    });
  });

  it('wants exactly one change', () => {
    expect(fieldOf({})).toBe('input');
    expect(
      fieldOf({
        retireFocalPoint: { focalPointId: ID },
        linkAccount: { focalPointId: ID, userId: ID },
      }),
    ).toBe('input');
  });

  it('names the field of the proposal that is wrong', () => {
    expect(fieldOf({ addFocalPoint: { ...newEntry, authorityId: ID } })).toBe(
      'addFocalPoint.authorityId',
    );
    expect(fieldOf({ addFocalPoint: { ...newEntry, timeZone: 'Asia/Atlantis' } })).toBe(
      'addFocalPoint.timeZone',
    );
    expect(
      fieldOf({
        addFocalPoint: {
          ...newEntry,
          memberships: [
            ...newEntry.memberships,
            { networkKey: 'border-control', role: MembershipRole.ALTERNATE },
          ],
        },
      }),
    ).toBe('addFocalPoint.memberships[1].networkKey');
    expect(
      fieldOf({
        addMembership: { focalPointId: 'nope', networkKey: 'x-y', role: MembershipRole.PRIMARY },
      }),
    ).toBe('addMembership.focalPointId');
    expect(fieldOf({ changeFocalPoint: { focalPointId: ID } })).toBe('changeFocalPoint');
    expect(fieldOf({ renameAuthority: { authorityId: ID, nameEn: '' } })).toBe(
      'renameAuthority.nameEn',
    );
  });

  it('keeps only the fields a change names', () => {
    expect(
      proposedChangeOf({
        ...base,
        changeFocalPoint: { focalPointId: ID, title: 'Deputy head', languages: null },
      } as ProposeDirectoryChangeInput),
    ).toEqual({
      kind: DirectoryChangeKind.CHANGE_FOCAL_POINT,
      payload: { focalPointId: ID, changes: { title: 'Deputy head' } },
    });
  });
});
