import {
  type DirectoryReader,
  generateSyntheticDirectory,
  RosterQueries,
  type RosterPage,
} from '@fpn/directory';
import { CallerScope, Role } from '@fpn/identity';
import {
  createTestAccount,
  gql,
  type GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestApp,
  type TypedDocument,
} from '@fpn/testing';
import { print } from 'graphql';
import { DataSource } from 'typeorm';
import { SearchFocalPointsDocument } from '../../libs/client/src/generated/graphql';
import { StatementRecorder } from './reading-fixtures';

/** A page with everything a roster screen shows: state, authority, memberships and their networks. */
const PAGE = gql<{ focalPoints: { edges: unknown[] } }, { first: number }>`
  query Page($first: Int!) {
    focalPoints(first: $first) {
      edges {
        cursor
        node {
          id
          fullName
          memberState {
            code
            name(lang: RU)
            requestLanguages
          }
          authority {
            nameEn
            kind
          }
          memberships {
            role
            network {
              key
              name
              confirmationIntervalDays
            }
          }
          contactChannels {
            kind
            value
          }
          hasLinkedAccount
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`;

/** A search exactly as the SDK (and `fpn directory search`) asks it. */
const SEARCH = print(SearchFocalPointsDocument) as TypedDocument<
  { focalPoints: { edges: unknown[]; totalCount: number } },
  { filter: { networkKey: string }; first: number }
>;

/** The same through nested rosters: every network's page, then every state's. */
const NETWORK_ROSTERS = gql<
  { networks: { focalPoints: { edges: unknown[] } }[] },
  { first: number }
>`
  query NetworkRosters($first: Int!) {
    networks {
      key
      focalPoints(first: $first) {
        edges {
          node {
            fullName
            memberState {
              code
            }
            authority {
              nameEn
            }
            memberships {
              network {
                key
              }
            }
          }
        }
        totalCount
      }
    }
  }
`;
const STATE_ROSTERS = gql<
  { memberStates: { focalPoints: { edges: unknown[] } }[] },
  { first: number }
>`
  query StateRosters($first: Int!) {
    memberStates {
      code
      focalPoints(first: $first) {
        edges {
          node {
            fullName
            authority {
              nameEn
            }
          }
        }
      }
    }
  }
`;

describe('reading the directory: no N+1 — the statements for a page do not grow with the page', () => {
  let app: TestApp;
  let secretariat: GraphqlTestClient;
  const counter = new StatementRecorder();

  beforeAll(async () => {
    // Every request reads what it shows: nothing kept across requests (reading-cache.e2e-spec.ts).
    app = await startTestApp({ worker: false, env: { DIRECTORY_CACHE_ENTRIES: '0' } });
    // 600 entries over 28 states, 4 networks and 168 authorities: a page of 50 touches many of each.
    await generateSyntheticDirectory(app.api.get(DataSource), { clock: app.clock, count: 600 });
    const admin = await createTestAccount(app, {
      email: 'admin@statements.example',
      role: Role.SECRETARIAT_ADMIN,
    });
    secretariat = (await signInTestAccount(app, admin)).client;
    app.api.get(DataSource).subscribers.push(counter);
  });
  afterAll(() => app?.close());

  it('runs as many statements for 50 entries with state, authority and memberships as for 10', async () => {
    const counts: Record<number, number> = {};
    for (const first of [10, 50, 1]) {
      counts[first] = await counter.count(async () => {
        const { focalPoints } = await secretariat.query(PAGE, { first });
        expect(focalPoints.edges).toHaveLength(first);
      });
    }
    expect(counts[50]).toBe(counts[10]);
    expect(counts[1]).toBe(counts[10]);
    // Authentication, the reader's scope, the page, its count, then one per kind of relation.
    expect(counts[50]).toBeLessThanOrEqual(12);
  });

  it('reads a search page whole in one statement: the entries with their authorities, memberships and total', async () => {
    const statements = await counter.count(async () => {
      const { focalPoints } = await secretariat.query(SEARCH, {
        filter: { networkKey: 'law-enforcement' },
        first: 50,
      });
      expect(focalPoints.edges).toHaveLength(50);
      expect(focalPoints.totalCount).toBeGreaterThan(50);
    });
    // The session, the reader's scope (the networks), then the page.
    expect(statements).toBe(3);
  });

  it('reads a network the scope did not know (created since) with one more statement, once', async () => {
    const dataSource = app.api.get(DataSource);
    const networks = await dataSource.query<{ id: string; key: string }[]>(
      'SELECT id, key FROM network',
    );
    // A reader as the scope builds it, but read before any network existed.
    const reader: DirectoryReader = {
      kind: 'secretariat',
      scope: CallerScope.secretariat(),
      networks: new Map(networks.map((network) => [network.key, network.id])),
      networksById: new Map(),
    };
    let page: RosterPage | undefined;
    const statements = await counter.count(async () => {
      page = await app.api.get(RosterQueries).page(reader, { terms: [] }, 50);
    });
    expect(statements).toBe(2);
    const memberships = page!.entries.flatMap((entry) => entry.memberships!);
    expect(memberships.length).toBeGreaterThan(50);
    const keyOf = new Map(networks.map((network) => [network.id, network.key]));
    for (const membership of memberships) {
      expect(membership.network?.key).toBe(keyOf.get(membership.networkId));
    }
  });

  it('keeps nested rosters constant too: one query per nesting, whatever the number of parents', async () => {
    type Rosters = { focalPoints: { edges: unknown[] } }[];
    async function measure<T>(
      document: TypedDocument<T, { first: number }>,
      parents: (data: T) => Rosters,
    ) {
      const small = await counter.count(() => secretariat.query(document, { first: 2 }));
      const large = await counter.count(async () => {
        const rosters = parents(await secretariat.query(document, { first: 20 }));
        expect(rosters.every((roster) => roster.focalPoints.edges.length === 20)).toBe(true);
      });
      expect(large).toBe(small);
      expect(large).toBeLessThanOrEqual(12);
    }
    // Two lists in one query would share the relation loaders at moments that depend on
    // I/O; each list on its own gives an exact count.
    await measure(NETWORK_ROSTERS, (data) => data.networks);
    await measure(STATE_ROSTERS, (data) => data.memberStates);
  });
});
