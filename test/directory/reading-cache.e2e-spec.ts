import { DirectoryScope } from '@fpn/directory';
import { KeptGraphqlAnswers } from '../../apps/api/src/graphql/kept-responses';
import { Role } from '@fpn/identity';
import {
  createTestAccount,
  gql,
  type GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestApp,
  type TypedDocument,
  withPgClient,
} from '@fpn/testing';
import { print } from 'graphql';
import { DataSource } from 'typeorm';
import { SearchFocalPointsDocument } from '../../libs/client/src/generated/graphql';
import { RosterFixtures, StatementRecorder } from './reading-fixtures';

type Page = { totalCount: number; edges: { node: { fullName: string; title: string } }[] };

/** The SDK's search, as `fpn directory search` sends it. */
const SEARCH = print(SearchFocalPointsDocument) as TypedDocument<
  { focalPoints: Page },
  { filter: { text: string }; first: number }
>;

const CORRECT = gql<
  { correctFocalPoint: { id: string; title: string } },
  { id: string; input: Record<string, unknown>; reason: string }
>`
  mutation Correct($id: ID!, $input: FocalPointCorrectionInput!, $reason: String!) {
    correctFocalPoint(id: $id, input: $input, reason: $reason) {
      id
      title
    }
  }
`;

/** A roster statement: a page, a count, the networks, an own entry. */
const isRosterStatement = (query: string) => /focal_point|FROM network\b/.test(query);

/**
 * Roster answers kept across requests until the directory changes
 * (docs/directory.md, "Answers kept across requests"): a repeated search is
 * answered without reading the roster again, and any change — through the
 * api, or a statement from anywhere else — shows in the very next search.
 */
describe('reading the directory: answers kept until the directory changes', () => {
  let app: TestApp;
  let roster: RosterFixtures;
  let dataSource: DataSource;
  let secretariat: GraphqlTestClient;
  let secretariatToken: string;
  let coordinatorKz: GraphqlTestClient;
  let coordinatorTr: GraphqlTestClient;
  const statements = new StatementRecorder();
  let kzEntryId: string;

  const search = async (client: GraphqlTestClient, text: string): Promise<Page> =>
    (await client.query(SEARCH, { filter: { text }, first: 50 })).focalPoints;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    dataSource = app.api.get(DataSource);
    roster = new RosterFixtures(app);
    const kz = await roster.entry('KZ', {
      fullName: 'Cachetest Aigerim',
      networks: [{ key: 'law-enforcement' }],
    });
    kzEntryId = kz.id;
    await roster.entry('TR', {
      fullName: 'Cachetest Mehmet',
      networks: [{ key: 'law-enforcement' }],
    });
    const session = async (email: string, role: Role, memberStateCode: string | null) =>
      (await signInTestAccount(app, await createTestAccount(app, { email, role, memberStateCode })))
        .client;
    const officer = await signInTestAccount(
      app,
      await createTestAccount(app, {
        email: 'officer@cache.example',
        role: Role.SECRETARIAT_OFFICER,
        memberStateCode: null,
      }),
    );
    secretariat = officer.client;
    secretariatToken = officer.accessToken;
    coordinatorKz = await session('coordinator.kz@cache.example', Role.STATE_COORDINATOR, 'KZ');
    coordinatorTr = await session('coordinator.tr@cache.example', Role.STATE_COORDINATOR, 'TR');
    dataSource.subscribers.push(statements);
  });
  afterAll(() => app?.close());

  it('answers a repeated search without reading the roster again, with the same answer', async () => {
    const first = await statements.during(async () => {
      expect((await search(secretariat, 'cachetest')).totalCount).toBe(2);
    }, isRosterStatement);
    expect(first.length).toBeGreaterThan(0);
    let again: Page | undefined;
    const second = await statements.during(async () => {
      again = await search(secretariat, 'cachetest');
    }, isRosterStatement);
    expect(second).toEqual([]);
    expect(again!.edges.map((edge) => edge.node.fullName)).toEqual([
      'Cachetest Aigerim',
      'Cachetest Mehmet',
    ]);
  });

  it('answers a repeated query whole: no resolver runs, the caller is still authenticated', async () => {
    const readers = jest.spyOn(app.api.get(DirectoryScope), 'readerOf');
    try {
      await search(secretariat, 'aigerim');
      expect(readers).toHaveBeenCalled();
      readers.mockClear();
      expect((await search(secretariat, 'aigerim')).edges).toHaveLength(1);
      expect(readers).not.toHaveBeenCalled();
      // A query reaching anything but the roster runs every time.
      const withMe = gql<{ me: { email: string } }, Record<string, never>>`
        query {
          me {
            email
          }
          focalPoints(first: 1) {
            totalCount
          }
        }
      `;
      await secretariat.query(withMe, {});
      await secretariat.query(withMe, {});
      expect(readers).toHaveBeenCalledTimes(2);
    } finally {
      readers.mockRestore();
    }
  });

  it('sends a kept answer over HTTP as Apollo sent it, without Apollo running again', async () => {
    const post = (accept?: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${secretariatToken}`,
          ...(accept ? { accept } : {}),
        },
        body: JSON.stringify({
          query: SEARCH,
          variables: { filter: { text: 'mehmet' }, first: 50 },
        }),
      });
    const seen = async (response: Response) => ({
      status: response.status,
      body: await response.text(),
      contentType: response.headers.get('content-type'),
      cacheControl: response.headers.get('cache-control'),
      requestId: response.headers.get('x-request-id'),
    });
    // Apollo's pipeline decides, for each request that reaches it, whether the operation may be kept.
    const apollo = jest.spyOn(
      app.api.get(KeptGraphqlAnswers) as unknown as { qualifies: () => boolean },
      'qualifies',
    );
    try {
      for (const accept of [undefined, 'application/graphql-response+json']) {
        // Apollo answers; its bytes are kept by the time it has answered twice.
        const first = await seen(await post(accept));
        expect(apollo).toHaveBeenCalled();
        await post(accept);
        apollo.mockClear();
        const again = await seen(await post(accept));
        expect(apollo).not.toHaveBeenCalled();
        expect(first.status).toBe(200);
        expect(JSON.parse(first.body)).toMatchObject({
          data: { focalPoints: { totalCount: 1 } },
        });
        expect({ ...again, requestId: undefined }).toEqual({ ...first, requestId: undefined });
        expect(first.cacheControl).toBe('no-store');
        expect(again.requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(again.requestId).not.toBe(first.requestId);
      }
      // Each answer in the type its caller asked for.
      expect((await seen(await post())).contentType).toBe('application/json; charset=utf-8');
      expect((await seen(await post('application/graphql-response+json'))).contentType).toBe(
        'application/graphql-response+json; charset=utf-8',
      );
    } finally {
      apollo.mockRestore();
    }
  });

  it('refuses a caller whose answer was kept once their session ended or their second factor went', async () => {
    const email = 'leaving@cache.example';
    const account = await createTestAccount(app, {
      email,
      role: Role.SECRETARIAT_OFFICER,
      memberStateCode: null,
    });
    const { client } = await signInTestAccount(app, account);
    expect((await search(client, 'cachetest')).totalCount).toBe(2);
    await withPgClient(app.database.ownerUrl, (pg) =>
      pg.query(`UPDATE user_account SET totp_enabled_at = NULL WHERE email = $1`, [email]),
    );
    expect(await client.errorCodes(SEARCH, { filter: { text: 'cachetest' }, first: 50 })).toEqual([
      'FORBIDDEN',
    ]);
    await withPgClient(app.database.ownerUrl, (pg) =>
      pg.query(
        `UPDATE session SET revoked_at = now()
           WHERE user_id = (SELECT id FROM user_account WHERE email = $1)`,
        [email],
      ),
    );
    expect(await client.errorCodes(SEARCH, { filter: { text: 'cachetest' }, first: 50 })).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('never gives one scope another’s answer to the same search', async () => {
    const names = async (client: GraphqlTestClient) =>
      (await search(client, 'cachetest')).edges.map((edge) => edge.node.fullName);
    // The Secretariat's answer to the very same search is kept (above).
    expect(await names(coordinatorKz)).toEqual(['Cachetest Aigerim']);
    expect(await names(coordinatorTr)).toEqual(['Cachetest Mehmet']);
    expect(await names(coordinatorKz)).toEqual(['Cachetest Aigerim']);
  });

  it('shows a correction made through the api in the next search', async () => {
    expect((await search(secretariat, 'cachetest')).edges[0].node.title).toBe('Liaison Officer');
    await secretariat.query(CORRECT, {
      id: kzEntryId,
      input: { title: 'Head of the cache desk' },
      reason: 'Promoted',
    });
    expect((await search(secretariat, 'cachetest')).edges[0].node.title).toBe(
      'Head of the cache desk',
    );
    expect((await search(coordinatorKz, 'cachetest')).edges[0].node.title).toBe(
      'Head of the cache desk',
    );
  });

  it('shows a change written by anyone else — another replica, the CLI, psql — in the next search', async () => {
    expect((await search(coordinatorTr, 'cachetest')).totalCount).toBe(1);
    await withPgClient(app.database.ownerUrl, async (client) => {
      await client.query(`UPDATE focal_point SET member_state_code = 'TR' WHERE id = $1`, [
        kzEntryId,
      ]);
    });
    const tr = await search(coordinatorTr, 'cachetest');
    expect(tr.edges.map((edge) => edge.node.fullName)).toEqual([
      'Cachetest Aigerim',
      'Cachetest Mehmet',
    ]);
    expect((await search(coordinatorKz, 'cachetest')).totalCount).toBe(0);
  });

  it('moves the directory’s generation with each committed statement on a directory table, and only then', async () => {
    const generation = async () =>
      Number(
        (
          await dataSource.query<{ generation: string }[]>(
            'SELECT generation FROM directory_generation',
          )
        )[0].generation,
      );
    const before = await generation();
    await withPgClient(app.database.ownerUrl, async (client) => {
      await client.query(`UPDATE network SET name_en = name_en WHERE key = 'law-enforcement'`);
      await client.query('BEGIN');
      await client.query(`DELETE FROM network_membership WHERE focal_point_id = $1`, [kzEntryId]);
      await client.query('ROLLBACK');
    });
    // The rolled-back statement moved nothing anyone can see; the committed one moved it once.
    expect(await generation()).toBe(before + 1);
    // The application's role may read the generation, never set it.
    const refused = await dataSource
      .query('UPDATE directory_generation SET generation = 0')
      .catch((error: Error) => error);
    expect(String(refused)).toMatch(/permission denied/);
  });
});
