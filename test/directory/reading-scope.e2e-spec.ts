import {
  AuthorityKind,
  ContactChannelKind,
  FocalPointStatus,
  MembershipRole,
} from '@fpn/directory';
import { ApiOperation, Role } from '@fpn/identity';
import {
  createTestAccount,
  gql,
  GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestApp,
} from '@fpn/testing';
import { RosterFixtures } from './reading-fixtures';

interface Entry {
  id: string;
  fullName: string;
  memberStateCode: string;
  contactChannels: { kind: string; value: string }[] | null;
  memberships: { role: string; network: { key: string } }[];
}

const ENTRY_FIELDS = `
  id
  fullName
  memberStateCode
  contactChannels { kind value }
  memberships { role network { key } }
`;

const LIST = gql<
  { focalPoints: { edges: { node: Entry }[]; totalCount: number } },
  { filter?: Record<string, unknown>; first?: number }
>`
  query List($filter: FocalPointFilter, $first: Int = 100) {
    focalPoints(filter: $filter, first: $first) {
      edges { node { ${ENTRY_FIELDS} } }
      totalCount
    }
  }
`;
const BY_ID = gql<{ focalPoint: Entry }, { id: string }>`
  query ById($id: ID!) {
    focalPoint(id: $id) { ${ENTRY_FIELDS} }
  }
`;
const NETWORK_MEMBERS = gql<
  { network: { focalPoints: { edges: { node: Entry }[]; totalCount: number } } },
  { key: string }
>`
  query NetworkMembers($key: String!, $first: Int = 100) {
    network(key: $key) {
      focalPoints(first: $first) { edges { node { ${ENTRY_FIELDS} } } totalCount }
    }
  }
`;
const STATE_ENTRIES = gql<
  { memberState: { focalPoints: { edges: { node: Entry }[] } } },
  { code: string }
>`
  query StateEntries($code: String!, $first: Int = 100) {
    memberState(code: $code) {
      focalPoints(first: $first) { edges { node { ${ENTRY_FIELDS} } } }
    }
  }
`;
const STATE_ENTRIES_IN_NETWORK = gql<
  { memberState: { focalPoints: { edges: { node: Entry }[] } } },
  { code: string; networkKey: string }
>`
  query StateEntriesInNetwork($code: String!, $networkKey: String!) {
    memberState(code: $code) {
      focalPoints(first: 10, filter: { networkKey: $networkKey }) { edges { node { ${ENTRY_FIELDS} } } }
    }
  }
`;
const EVERY_NETWORK = gql<{
  networks: { key: string; focalPoints: { edges: { node: { fullName: string } }[] } }[];
}>`
  query EveryNetwork($first: Int = 100) {
    networks {
      key
      focalPoints(first: $first) {
        edges {
          node {
            fullName
          }
        }
      }
    }
  }
`;
const AUTHORITIES = gql<
  { authorities: { id: string; memberStateCode: string }[] },
  { code?: string }
>`
  query Authorities($code: String) {
    authorities(memberStateCode: $code) {
      id
      memberStateCode
    }
  }
`;
const AUTHORITY = gql<{ authority: { id: string } }, { id: string }>`
  query Authority($id: ID!) {
    authority(id: $id) {
      id
    }
  }
`;
const LINKED = gql<{ focalPoints: { edges: { node: { hasLinkedAccount: boolean | null } }[] } }>`
  query Linked($first: Int = 100) {
    focalPoints(first: $first) {
      edges {
        node {
          hasLinkedAccount
        }
      }
    }
  }
`;

const names = (edges: { node: { fullName: string } }[]) =>
  edges.map((edge) => edge.node.fullName).sort();

describe('reading the directory: who sees what, by list, by id and through nested fields', () => {
  let app: TestApp;
  let fixtures: RosterFixtures;
  const entries: Record<string, { id: string; fullName: string; authorityId: string }> = {};
  let secretariat: GraphqlTestClient;
  let coordinator: GraphqlTestClient;
  let focalPoint: GraphqlTestClient;
  let unlinked: GraphqlTestClient;
  let ministry: GraphqlTestClient;
  let messagesOnly: GraphqlTestClient;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    fixtures = new RosterFixtures(app);
    const fp = await createTestAccount(app, {
      email: 'fp.kz@reading.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const customsKz = await fixtures.authority('KZ', { kind: AuthorityKind.CUSTOMS });
    const customsTj = await fixtures.authority('TJ', { kind: AuthorityKind.CUSTOMS });
    const add = async (
      key: string,
      state: string,
      options: Parameters<RosterFixtures['entry']>[1],
    ) => {
      entries[key] = await fixtures.entry(state, options);
    };
    // The KZ focal point is in law enforcement only.
    await add('me', 'KZ', {
      fullName: 'Иванов Иван',
      networks: [{ key: 'law-enforcement', role: MembershipRole.PRIMARY }],
      userId: fp.id,
    });
    await add('kzBorder', 'KZ', {
      fullName: 'Kasymov Bolat',
      authority: customsKz,
      networks: [{ key: 'border-control', role: MembershipRole.PRIMARY }],
    });
    await add('tjBoth', 'TJ', {
      fullName: 'Рахимов Фаррух',
      networks: [
        { key: 'law-enforcement' },
        { key: 'economic-crimes', role: MembershipRole.PRIMARY },
      ],
    });
    await add('tjBorder', 'TJ', {
      fullName: 'Sharipov Rustam',
      authority: customsTj,
      networks: [{ key: 'border-control', role: MembershipRole.PRIMARY }],
    });
    await add('trSuspended', 'TR', {
      fullName: 'Yılmaz Mehmet',
      status: FocalPointStatus.SUSPENDED,
      networks: [{ key: 'law-enforcement', role: MembershipRole.PRIMARY }],
      contactChannels: [{ kind: ContactChannelKind.PHONE, value: '+90 312 000 00 00' }],
    });
    await add('trEconomic', 'TR', {
      fullName: 'Kaya Ayşe',
      networks: [{ key: 'economic-crimes', role: MembershipRole.PRIMARY }],
    });

    const session = async (email: string, role: Role, state: string | null) =>
      (
        await signInTestAccount(
          app,
          await createTestAccount(app, { email, role, memberStateCode: state }),
        )
      ).client;
    secretariat = await session('officer@reading.example', Role.SECRETARIAT_OFFICER, null);
    coordinator = await session('coordinator.kz@reading.example', Role.STATE_COORDINATOR, 'KZ');
    focalPoint = (await signInTestAccount(app, fp)).client;
    unlinked = await session('unlinked.kz@reading.example', Role.FOCAL_POINT, 'KZ');
    const ministryToken = await fixtures.credential(
      'KZ',
      ['law-enforcement'],
      [ApiOperation.DIRECTORY_READ],
    );
    ministry = new GraphqlTestClient(`${app.url}/graphql`).asBearer(ministryToken);
    const messagesToken = await fixtures.credential(
      'KZ',
      ['law-enforcement'],
      [ApiOperation.MESSAGES_READ],
    );
    messagesOnly = new GraphqlTestClient(`${app.url}/graphql`).asBearer(messagesToken);
  });
  afterAll(() => app?.close());

  const all = () =>
    Object.values(entries)
      .map((entry) => entry.fullName)
      .sort();

  describe('the Secretariat', () => {
    it('sees every entry, with contact channels and every membership', async () => {
      const { focalPoints } = await secretariat.query(LIST, {});
      expect(names(focalPoints.edges)).toEqual(all());
      expect(focalPoints.totalCount).toBe(6);
      expect(focalPoints.edges.every((edge) => edge.node.contactChannels !== null)).toBe(true);
      const tj = focalPoints.edges.find((edge) => edge.node.id === entries.tjBoth.id)!.node;
      expect(tj.memberships.map((m) => m.network.key).sort()).toEqual([
        'economic-crimes',
        'law-enforcement',
      ]);
    });

    it('reads any entry by id and every authority', async () => {
      expect(
        (await secretariat.query(BY_ID, { id: entries.tjBorder.id })).focalPoint.fullName,
      ).toBe('Sharipov Rustam');
      const { authorities } = await secretariat.query(AUTHORITIES, {});
      expect(new Set(authorities.map((a) => a.memberStateCode))).toEqual(
        new Set(['KZ', 'TJ', 'TR']),
      );
    });

    it('sees whether an account is linked', async () => {
      const { focalPoints } = await secretariat.query(LINKED);
      expect(focalPoints.edges.filter((edge) => edge.node.hasLinkedAccount)).toHaveLength(1);
    });
  });

  describe('a coordinator', () => {
    it('sees their whole state and nothing of another, by list', async () => {
      const { focalPoints } = await coordinator.query(LIST, {});
      expect(names(focalPoints.edges)).toEqual(['Kasymov Bolat', 'Иванов Иван']);
      expect(focalPoints.totalCount).toBe(2);
    });

    it('gets NOT_FOUND for another state’s entry by id, and FORBIDDEN asking for another state', async () => {
      expect(await coordinator.errorCodes(BY_ID, { id: entries.tjBoth.id })).toEqual(['NOT_FOUND']);
      expect(await coordinator.errorCodes(LIST, { filter: { memberStateCode: 'TJ' } })).toEqual([
        'FORBIDDEN',
      ]);
    });

    it('finds only their own state’s entries through nested fields', async () => {
      const members = await coordinator.query(NETWORK_MEMBERS, { key: 'law-enforcement' });
      expect(names(members.network.focalPoints.edges)).toEqual(['Иванов Иван']);
      const tj = await coordinator.query(STATE_ENTRIES, { code: 'TJ' });
      expect(tj.memberState.focalPoints.edges).toEqual([]);
    });

    it('reads their state’s authorities only', async () => {
      const { authorities } = await coordinator.query(AUTHORITIES, {});
      expect(new Set(authorities.map((a) => a.memberStateCode))).toEqual(new Set(['KZ']));
      expect(await coordinator.errorCodes(AUTHORITIES, { code: 'TJ' })).toEqual(['FORBIDDEN']);
      expect(await coordinator.errorCodes(AUTHORITY, { id: entries.tjBorder.authorityId })).toEqual(
        ['NOT_FOUND'],
      );
    });
  });

  describe('a focal point', () => {
    it('sees their own entry and the members of their networks, not the others', async () => {
      const { focalPoints } = await focalPoint.query(LIST, {});
      expect(names(focalPoints.edges)).toEqual(['Yılmaz Mehmet', 'Иванов Иван', 'Рахимов Фаррух']);
      expect(focalPoints.totalCount).toBe(3);
    });

    it('cannot see a network they are not in: by list, by id, or through nested fields', async () => {
      // By list: asking for the network is refused; the plain list leaves its members out.
      expect(
        await focalPoint.errorCodes(LIST, { filter: { networkKey: 'border-control' } }),
      ).toEqual(['FORBIDDEN']);
      // By id: as if the entry did not exist.
      expect(await focalPoint.errorCodes(BY_ID, { id: entries.tjBorder.id })).toEqual([
        'NOT_FOUND',
      ]);
      expect(await focalPoint.errorCodes(BY_ID, { id: entries.kzBorder.id })).toEqual([
        'NOT_FOUND',
      ]);
      // Nested: the network's roster is empty, a state's roster leaves them out, and
      // a fellow member's other memberships do not show.
      const border = await focalPoint.query(NETWORK_MEMBERS, { key: 'border-control' });
      expect(border.network.focalPoints).toEqual({ edges: [], totalCount: 0 });
      const tj = await focalPoint.query(STATE_ENTRIES, { code: 'TJ' });
      expect(names(tj.memberState.focalPoints.edges)).toEqual(['Рахимов Фаррух']);
      const everyNetwork = await focalPoint.query(EVERY_NETWORK);
      for (const network of everyNetwork.networks) {
        expect(names(network.focalPoints.edges)).toEqual(
          network.key === 'law-enforcement'
            ? ['Yılmaz Mehmet', 'Иванов Иван', 'Рахимов Фаррух']
            : [],
        );
      }
      const filtered = await focalPoint.query(STATE_ENTRIES_IN_NETWORK, {
        code: 'TJ',
        networkKey: 'economic-crimes',
      });
      expect(filtered.memberState.focalPoints.edges).toEqual([]);
      const fellow = await focalPoint.query(BY_ID, { id: entries.tjBoth.id });
      expect(fellow.focalPoint.memberships.map((m) => m.network.key)).toEqual(['law-enforcement']);
    });

    it('sees the contact channels of active fellow members and their own, not of a suspended one', async () => {
      const { focalPoints } = await focalPoint.query(LIST, {});
      const byName = new Map(focalPoints.edges.map((edge) => [edge.node.fullName, edge.node]));
      expect(byName.get('Рахимов Фаррух')!.contactChannels).toEqual([
        { kind: 'EMAIL', value: expect.stringContaining('@tj.example') },
      ]);
      expect(byName.get('Иванов Иван')!.contactChannels).not.toBeNull();
      expect(byName.get('Yılmaz Mehmet')!.contactChannels).toBeNull();
    });

    it('sees the authorities of the entries they see, and is refused hasLinkedAccount', async () => {
      const { authorities } = await focalPoint.query(AUTHORITIES, {});
      expect(authorities.map((a) => a.id).sort()).toEqual(
        [
          ...new Set([entries.me, entries.tjBoth, entries.trSuspended].map((e) => e.authorityId)),
        ].sort(),
      );
      expect(await focalPoint.errorCodes(AUTHORITY, { id: entries.kzBorder.authorityId })).toEqual([
        'NOT_FOUND',
      ]);
      expect(await focalPoint.errorCodes(LINKED)).toContain('FORBIDDEN');
    });

    it('sees nothing of the roster without a linked entry', async () => {
      const { focalPoints } = await unlinked.query(LIST, {});
      expect(focalPoints).toEqual({ edges: [], totalCount: 0 });
      expect(await unlinked.errorCodes(BY_ID, { id: entries.me.id })).toEqual(['NOT_FOUND']);
      expect(
        (await unlinked.query(EVERY_NETWORK)).networks.flatMap((n) => n.focalPoints.edges),
      ).toEqual([]);
      expect((await unlinked.query(AUTHORITIES, {})).authorities).toEqual([]);
    });
  });

  describe('a ministry system (API credential with DIRECTORY_READ)', () => {
    it('sees its state’s entries in its networks only', async () => {
      const { focalPoints } = await ministry.query(LIST, {});
      expect(names(focalPoints.edges)).toEqual(['Иванов Иван']);
      expect(await ministry.errorCodes(BY_ID, { id: entries.kzBorder.id })).toEqual(['NOT_FOUND']);
      expect(await ministry.errorCodes(BY_ID, { id: entries.tjBoth.id })).toEqual(['NOT_FOUND']);
      expect(await ministry.errorCodes(LIST, { filter: { networkKey: 'border-control' } })).toEqual(
        ['FORBIDDEN'],
      );
      expect(await ministry.errorCodes(LIST, { filter: { memberStateCode: 'TJ' } })).toEqual([
        'FORBIDDEN',
      ]);
      const border = await ministry.query(NETWORK_MEMBERS, { key: 'border-control' });
      expect(border.network.focalPoints.edges).toEqual([]);
    });

    it('is refused without DIRECTORY_READ, and so is anonymous access', async () => {
      expect(await messagesOnly.errorCodes(LIST, {})).toEqual(['FORBIDDEN']);
      const anonymous = new GraphqlTestClient(`${app.url}/graphql`);
      expect(await anonymous.errorCodes(LIST, {})).toEqual(['UNAUTHENTICATED']);
      // Public reference data stays public; its roster does not.
      const response = await anonymous.request(EVERY_NETWORK);
      expect(response.errors?.map((error) => error.extensions?.code)).toContain('UNAUTHENTICATED');
    });
  });
});
