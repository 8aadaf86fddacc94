import { CallerScope } from '@fpn/identity';
import { DomainError } from '@fpn/core';
import type { DirectoryReader } from './directory-reader';
import { checkRosterFilter } from './roster-filter';

const networks = new Map([
  ['law-enforcement', 'n-le'],
  ['border-control', 'n-bc'],
]);
const networksById = new Map();
const coordinator: DirectoryReader = {
  kind: 'coordinator',
  scope: CallerScope.ofState('KZ'),
  networks,
  networksById,
  memberStateCode: 'KZ',
};
const focalPoint: DirectoryReader = {
  kind: 'focal-point',
  scope: CallerScope.ofState('KZ', ['law-enforcement']),
  networks,
  networksById,
  memberStateCode: 'KZ',
  ownEntryId: 'own',
  networkIds: ['n-le'],
};

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return [(error as DomainError).code, (error as DomainError).details?.field];
  }
  return ['ok'];
};

describe('roster filter', () => {
  it('normalises what it accepts', () => {
    expect(
      checkRosterFilter(coordinator, {
        memberStateCode: ' kz ',
        networkKey: 'border-control',
        language: 'RU',
        text: 'Иванов  Ivan',
      }),
    ).toEqual({
      memberStateCode: 'KZ',
      networkId: 'n-bc',
      language: 'ru',
      terms: ['ivanov', 'ivan'],
    });
  });

  it('refuses what the caller may not ask for, at the top level only', () => {
    expect(codeOf(() => checkRosterFilter(coordinator, { memberStateCode: 'TJ' }))).toEqual([
      'FORBIDDEN',
      undefined,
    ]);
    expect(codeOf(() => checkRosterFilter(focalPoint, { networkKey: 'border-control' }))).toEqual([
      'FORBIDDEN',
      undefined,
    ]);
    expect(codeOf(() => checkRosterFilter(focalPoint, { memberStateCode: 'TJ' }))).toEqual(['ok']);
    expect(
      codeOf(() =>
        checkRosterFilter(focalPoint, { networkKey: 'border-control' }, 'filter', {
          refuseOutOfScope: false,
        }),
      ),
    ).toEqual(['ok']);
  });

  it.each([
    [{ memberStateCode: 'KAZ' }, 'filter.memberStateCode'],
    [{ networkKey: 'nope' }, 'filter.networkKey'],
    [{ language: 'eng' }, 'filter.language'],
    [{ text: 'x'.repeat(201) }, 'filter.text'],
    [{ text: 'a b c d e f g h i j k' }, 'filter.text'],
  ])('refuses %j as BAD_USER_INPUT naming %s', (input, field) => {
    expect(codeOf(() => checkRosterFilter(coordinator, input))).toEqual(['BAD_USER_INPUT', field]);
  });

  it('names the bare field when there is no prefix (the CSV route’s query parameters)', () => {
    expect(codeOf(() => checkRosterFilter(coordinator, { networkKey: 'nope' }, ''))).toEqual([
      'BAD_USER_INPUT',
      'networkKey',
    ]);
  });
});
