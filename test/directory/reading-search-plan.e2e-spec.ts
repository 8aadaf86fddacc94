import { generateSyntheticDirectory } from '@fpn/directory';
import { Role } from '@fpn/identity';
import {
  createTestAccount,
  gql,
  type GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestApp,
  withPgClient,
} from '@fpn/testing';
import { DataSource } from 'typeorm';
import { StatementRecorder } from './reading-fixtures';

const SEARCH = gql<
  { focalPoints: { edges: { node: { fullName: string } }[] } },
  { filter: Record<string, unknown> }
>`
  query Search($filter: FocalPointFilter!) {
    focalPoints(filter: $filter, first: 50) {
      edges {
        node {
          fullName
        }
      }
    }
  }
`;

/** A statement reading a `focal_point` page. */
const isPageStatement = (query: string) =>
  /FROM "?focal_point"? "?fp"?\b/.test(query) && /LIMIT/.test(query);

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const indexesOf = (node: PlanNode): string[] => [
  ...(node['Index Name'] ? [node['Index Name']] : []),
  ...(node.Plans ?? []).flatMap(indexesOf),
];

/**
 * The Speed section: with 10,000 synthetic entries, a filtered free-text page
 * of 50 is served by the indexes. Asserts the plan of the statement the API
 * actually ran (EXPLAIN ANALYZE), never a time; the time is printed for the reader.
 */
describe('reading the directory at 10,000 entries: the search plan uses the indexes', () => {
  let app: TestApp;
  let dataSource: DataSource;
  let secretariat: GraphqlTestClient;
  const statements = new StatementRecorder();

  beforeAll(async () => {
    // Every request reads what it shows: nothing kept across requests (reading-cache.e2e-spec.ts).
    app = await startTestApp({ worker: false, env: { DIRECTORY_CACHE_ENTRIES: '0' } });
    dataSource = app.api.get(DataSource);
    const first = await generateSyntheticDirectory(dataSource, { clock: app.clock, count: 10_000 });
    expect(first.focalPoints).toBe(10_000);
    // Fresh statistics, as autovacuum would have them on a live database.
    await withPgClient(app.database.ownerUrl, (client) =>
      client.query('ANALYZE focal_point, network_membership, authority'),
    );
    const admin = await createTestAccount(app, {
      email: 'admin@plan.example',
      role: Role.SECRETARIAT_ADMIN,
    });
    secretariat = (await signInTestAccount(app, admin)).client;
    dataSource.subscribers.push(statements);
  }, 180_000);
  afterAll(() => app?.close());

  it('seeds idempotently: the same seed a second time writes nothing', async () => {
    const again = await generateSyntheticDirectory(dataSource, { clock: app.clock, count: 10_000 });
    expect(again).toEqual({ authorities: 0, focalPoints: 0, memberships: 0 });
    const [{ count }] = await dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM focal_point',
    );
    expect(Number(count)).toBe(10_000);
    const [{ primaries }] = await dataSource.query<{ primaries: string }[]>(
      `SELECT count(*) AS primaries FROM network_membership WHERE role = 'primary'`,
    );
    expect(Number(primaries)).toBe(28 * 4);
  }, 120_000);

  async function planOf(filter: Record<string, unknown>) {
    let focalPoints: { edges: unknown[] } = { edges: [] };
    const seen = await statements.during(async () => {
      ({ focalPoints } = await secretariat.query(SEARCH, { filter }));
    }, isPageStatement);
    expect(seen).toHaveLength(1);
    const { query, parameters } = seen[0];
    const [row] = await dataSource.query<
      { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }[]
    >(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query}`, parameters);
    const [{ Plan, 'Execution Time': milliseconds }] = row['QUERY PLAN'];
    console.info(
      `${JSON.stringify(filter)}: ${focalPoints.edges.length} entries, ${milliseconds.toFixed(2)} ms database time, indexes ${indexesOf(Plan).join(', ')}`,
    );
    return { indexes: indexesOf(Plan), found: focalPoints.edges.length };
  }

  it.each([
    [{ text: 'Иванов' }],
    [{ text: 'ivanov' }],
    [{ text: 'ivanov', memberStateCode: 'KZ' }],
    [{ text: 'Khasanov', networkKey: 'law-enforcement', status: 'ACTIVE' }],
    [{ text: 'Mammadov Elnur', language: 'en' }],
  ])('a free-text search %j reads the trigram index', async (filter) => {
    const { indexes, found } = await planOf(filter);
    expect(found).toBeGreaterThan(0);
    expect(indexes).toContain('focal_point_search_text_trgm_idx');
  });

  it('a state’s page walks the state-and-name index', async () => {
    const { indexes } = await planOf({ memberStateCode: 'TJ' });
    expect(indexes).toContain('focal_point_state_name_order_idx');
  });
});
