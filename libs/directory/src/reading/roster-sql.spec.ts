import { CallerScope } from '@fpn/identity';
import { AuthorityKind } from '../authorities/authority.entity';
import { Availability, FocalPointStatus } from '../focal-points/focal-point.entity';
import type { DirectoryReader } from './directory-reader';
import {
  afterCondition,
  allOf,
  filterConditions,
  networkVisibility,
  scopeCondition,
} from './roster-sql';

const networks = new Map([
  ['law-enforcement', 'n-le'],
  ['border-control', 'n-bc'],
]);
const networksById = new Map();

const readers: Record<string, DirectoryReader> = {
  secretariat: { kind: 'secretariat', scope: CallerScope.secretariat(), networks, networksById },
  coordinator: {
    kind: 'coordinator',
    scope: CallerScope.ofState('KZ'),
    networks,
    networksById,
    memberStateCode: 'KZ',
  },
  focalPoint: {
    kind: 'focal-point',
    scope: CallerScope.ofState('KZ', ['law-enforcement']),
    networks,
    networksById,
    memberStateCode: 'KZ',
    ownEntryId: 'own',
    networkIds: ['n-le'],
  },
  unlinked: {
    kind: 'focal-point',
    scope: CallerScope.ofState('KZ', []),
    networks,
    networksById,
    memberStateCode: 'KZ',
    ownEntryId: null,
    networkIds: [],
  },
  credential: {
    kind: 'credential',
    scope: CallerScope.ofState('KZ', ['law-enforcement']),
    networks,
    networksById,
    memberStateCode: 'KZ',
    networkIds: ['n-le'],
  },
};

describe('roster SQL', () => {
  it('puts the scope in the WHERE clause, for every kind of reader', () => {
    expect(scopeCondition(readers.secretariat)).toBeUndefined();
    expect(scopeCondition(readers.coordinator)).toEqual({
      sql: 'fp.member_state_code = :scopeState',
      params: { scopeState: 'KZ' },
    });
    expect(scopeCondition(readers.focalPoint)).toEqual({
      sql: expect.stringMatching(
        /^\(fp\.id = :scopeOwnEntry OR EXISTS \(.*ANY\(CAST\(:scopeNetworks AS uuid\[\]\)\)\)\)$/,
      ),
      params: { scopeOwnEntry: 'own', scopeNetworks: ['n-le'] },
    });
    expect(scopeCondition(readers.unlinked)).toEqual({ sql: 'FALSE', params: {} });
    expect(scopeCondition(readers.credential)).toEqual({
      sql: expect.stringMatching(/^fp\.member_state_code = :scopeState AND EXISTS/),
      params: { scopeState: 'KZ', scopeNetworks: ['n-le'] },
    });
    expect(scopeCondition({ ...readers.credential, networkIds: [] } as DirectoryReader)).toEqual({
      sql: 'FALSE',
      params: {},
    });
  });

  it('limits network rosters to the networks of focal points and ministry systems', () => {
    expect(networkVisibility(readers.secretariat, 'x')).toBeUndefined();
    expect(networkVisibility(readers.coordinator, 'x')).toBeUndefined();
    expect(networkVisibility(readers.focalPoint, 'x')).toEqual({
      sql: 'x = ANY(CAST(:visibleNetworks AS uuid[]))',
      params: { visibleNetworks: ['n-le'] },
    });
  });

  it('turns every filter into a condition with its own parameter', () => {
    const conditions = filterConditions({
      memberStateCode: 'KZ',
      networkId: 'n-le',
      authorityKind: AuthorityKind.FIU,
      language: 'ru',
      availability: Availability.ROUND_THE_CLOCK,
      status: FocalPointStatus.ACTIVE,
      terms: ['ivanov', '50%_off'],
    });
    const combined = allOf([...conditions, ...afterCondition({ fullName: 'Иванов', id: 'x' })]);
    expect(combined.params).toEqual({
      filterState: 'KZ',
      filterNetwork: 'n-le',
      filterAuthorityKind: 'fiu',
      filterLanguage: 'ru',
      filterAvailability: 'round_the_clock',
      filterStatus: 'active',
      filterTerm0: '%ivanov%',
      filterTerm1: '%50\\%\\_off%',
      afterName: 'Иванов',
      afterId: 'x',
    });
    expect(combined.sql.split(' AND ').length).toBeGreaterThanOrEqual(conditions.length + 1);
    expect(allOf([])).toEqual({ sql: 'TRUE', params: {} });
  });
});
