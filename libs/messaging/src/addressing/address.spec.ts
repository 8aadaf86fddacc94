import { DomainError } from '@fpn/core';
import { Addressing } from '../entities/messaging-enums';
import { parseAddress } from './address';

const ENTRY = '3f2a8c1e-0b7d-4e5f-9a6b-1c2d3e4f5a6b';

const field = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? `${error.code} ${String(error.details?.field)}` : error;
  }
  return 'accepted';
};

describe('parseAddress', () => {
  it('reads each of the five shapes', () => {
    expect(parseAddress({ networkKey: 'law-enforcement' })).toEqual({
      addressing: Addressing.NETWORK,
      networkKey: 'law-enforcement',
    });
    expect(
      parseAddress({ networkKey: 'law-enforcement', memberStateCodes: ['tj', 'KZ', 'TJ'] }),
    ).toEqual({
      addressing: Addressing.STATES,
      networkKey: 'law-enforcement',
      memberStateCodes: ['KZ', 'TJ'],
    });
    expect(
      parseAddress({ networkKey: 'border-control', focalPointIds: [ENTRY.toUpperCase(), ENTRY] }),
    ).toEqual({
      addressing: Addressing.FOCAL_POINTS,
      networkKey: 'border-control',
      focalPointIds: [ENTRY],
    });
    expect(parseAddress({ userId: ENTRY, networkKey: null, memberStateCodes: null })).toEqual({
      addressing: Addressing.DIRECT,
      userId: ENTRY,
    });
    expect(parseAddress({ coordinators: true, networkKey: null })).toEqual({
      addressing: Addressing.COORDINATORS,
    });
    // false is as if not given.
    expect(parseAddress({ coordinators: false, userId: ENTRY })).toEqual({
      addressing: Addressing.DIRECT,
      userId: ENTRY,
    });
  });

  it('refuses mixed, empty and malformed shapes, naming the field', () => {
    expect(field(() => parseAddress({}))).toBe('BAD_USER_INPUT to');
    expect(field(() => parseAddress({ userId: ENTRY, networkKey: 'x' }))).toBe('BAD_USER_INPUT to');
    expect(
      field(() =>
        parseAddress({ networkKey: 'x', memberStateCodes: ['KZ'], focalPointIds: [ENTRY] }),
      ),
    ).toBe('BAD_USER_INPUT to');
    expect(field(() => parseAddress({ networkKey: 'x', memberStateCodes: [] }))).toBe(
      'BAD_USER_INPUT to.memberStateCodes',
    );
    expect(field(() => parseAddress({ networkKey: 'x', memberStateCodes: ['KAZ'] }))).toBe(
      'BAD_USER_INPUT to.memberStateCodes',
    );
    expect(field(() => parseAddress({ networkKey: 'x', focalPointIds: ['nope'] }))).toBe(
      'BAD_USER_INPUT to.focalPointIds',
    );
    expect(field(() => parseAddress({ userId: 'nope' }))).toBe('BAD_USER_INPUT to.userId');
    expect(field(() => parseAddress({ coordinators: true, networkKey: 'x' }))).toBe(
      'BAD_USER_INPUT to',
    );
    expect(field(() => parseAddress({ coordinators: true, memberStateCodes: ['KZ'] }))).toBe(
      'BAD_USER_INPUT to',
    );
  });
});
