import {
  AuthorityEntity,
  AuthorityKind,
  Availability,
  FocalPointStatus,
  focalPointSearchText,
  MembershipRole,
  normalizeSearchText,
  SEARCH_CHARACTER_MAP,
} from '@fpn/directory';
import { Role } from '@fpn/identity';
import {
  createTestAccount,
  gql,
  type GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestApp,
} from '@fpn/testing';
import { DataSource } from 'typeorm';
import { RosterFixtures } from './reading-fixtures';

interface Page {
  edges: { cursor: string; node: { id: string; fullName: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  totalCount: number;
}

const SEARCH = gql<
  { focalPoints: Page },
  { filter?: Record<string, unknown>; first?: number; after?: string | null }
>`
  query Search($filter: FocalPointFilter, $first: Int = 100, $after: String) {
    focalPoints(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          fullName
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
      totalCount
    }
  }
`;
const NETWORK_PAGE = gql<
  { network: { focalPoints: Page } },
  { key: string; first: number; after?: string | null }
>`
  query NetworkPage($key: String!, $first: Int!, $after: String) {
    network(key: $key) {
      focalPoints(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            fullName
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          endCursor
        }
        totalCount
      }
    }
  }
`;

const found = (page: Page) => page.edges.map((edge) => edge.node.fullName).sort();

describe('reading the directory: search, filters and cursor paging', () => {
  let app: TestApp;
  let fixtures: RosterFixtures;
  let dataSource: DataSource;
  let secretariat: GraphqlTestClient;
  let monitoring: AuthorityEntity;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    dataSource = app.api.get(DataSource);
    fixtures = new RosterFixtures(app);
    const admin = await createTestAccount(app, {
      email: 'admin@search.example',
      role: Role.SECRETARIAT_ADMIN,
    });
    secretariat = (await signInTestAccount(app, admin)).client;
    monitoring = await fixtures.authority('KZ', {
      kind: AuthorityKind.FIU,
      nameEn: 'Financial Monitoring Agency',
      nameRu: 'Агентство по финансовому мониторингу',
    });
    const customs = await fixtures.authority('TJ', {
      kind: AuthorityKind.CUSTOMS,
      nameEn: 'Customs Service',
      nameRu: 'Таможенная служба',
    });
    await fixtures.entry('KZ', {
      fullName: 'Иванов Иван Петрович',
      title: 'Начальник отдела',
      networks: [{ key: 'law-enforcement', role: MembershipRole.PRIMARY }],
      languages: ['ru', 'kk'],
      availability: Availability.ROUND_THE_CLOCK,
    });
    await fixtures.entry('RU', {
      fullName: 'Ivanov Sergey',
      title: 'Liaison Officer',
      networks: [{ key: 'economic-crimes' }],
      languages: ['ru', 'en'],
    });
    await fixtures.entry('TJ', {
      fullName: 'Петрова Анна',
      title: 'Старший инспектор',
      authority: customs,
      networks: [{ key: 'border-control', role: MembershipRole.PRIMARY }],
      languages: ['tg', 'ru'],
      status: FocalPointStatus.SUSPENDED,
    });
    await fixtures.entry('KZ', {
      fullName: 'Nurlanov Erlan',
      title: 'Senior Analyst',
      authority: monitoring,
      networks: [{ key: 'economic-crimes', role: MembershipRole.PRIMARY }],
      languages: ['kk', 'en'],
    });
    await fixtures.entry('AZ', {
      fullName: 'Məmmədov Elnur',
      networks: [{ key: 'law-enforcement' }],
    });
    await fixtures.entry('UZ', {
      fullName: 'Хасанов Тимур',
      networks: [{ key: 'law-enforcement' }],
    });
    await fixtures.entry('KR', {
      fullName: "O'Neil-Park Ji-ho",
      networks: [{ key: 'law-enforcement' }],
    });
  });
  afterAll(() => app?.close());

  describe('free text, in Latin or Cyrillic', () => {
    it.each([
      ['Ivanov', ['Ivanov Sergey', 'Иванов Иван Петрович']],
      ['Иванов', ['Ivanov Sergey', 'Иванов Иван Петрович']],
      ['иван петрович', ['Иванов Иван Петрович']],
      ['PETROVICH ivanov', ['Иванов Иван Петрович']],
      ['Петрова', ['Петрова Анна']],
      ['Petrova', ['Петрова Анна']],
      ['Mammadov', ['Məmmədov Elnur']],
      ['Məmmədov', ['Məmmədov Elnur']],
      ['Khasanov', ['Хасанов Тимур']],
      ['oneil', ["O'Neil-Park Ji-ho"]],
      ['O’Neil Park', ["O'Neil-Park Ji-ho"]],
    ])('%j finds %j', async (text, expected) => {
      const { focalPoints } = await secretariat.query(SEARCH, { filter: { text } });
      expect(found(focalPoints)).toEqual(expected);
      expect(focalPoints.totalCount).toBe(expected.length);
    });

    it('searches titles and authority names in both languages', async () => {
      for (const text of ['старший инспектор', 'starshiy inspektor', 'Senior Analyst']) {
        const { focalPoints } = await secretariat.query(SEARCH, { filter: { text } });
        expect(focalPoints.edges).toHaveLength(1);
      }
      for (const text of ['финансовому мониторингу', 'financial monitoring', 'finansovomu']) {
        const { focalPoints } = await secretariat.query(SEARCH, { filter: { text } });
        expect(found(focalPoints)).toEqual(['Nurlanov Erlan']);
      }
      const customs = await secretariat.query(SEARCH, { filter: { text: 'таможенная' } });
      expect(found(customs.focalPoints)).toEqual(['Петрова Анна']);
    });

    it('keeps the search column in step with the entry and its authority, whoever writes them', async () => {
      const stored = await dataSource.query<
        {
          full_name: string;
          title: string;
          search_text: string;
          name_en: string;
          name_ru: string;
        }[]
      >(
        `SELECT fp.full_name, fp.title, fp.search_text, a.name_en, a.name_ru
           FROM focal_point fp JOIN authority a ON a.id = fp.authority_id`,
      );
      for (const row of stored) {
        expect(row.search_text).toBe(
          focalPointSearchText(
            { fullName: row.full_name, title: row.title },
            { nameEn: row.name_en, nameRu: row.name_ru },
          ),
        );
      }
      // An authority renamed: its people are found by the new name at once.
      await dataSource.manager.update(
        AuthorityEntity,
        { id: monitoring.id },
        { nameEn: 'Agency for Financial Monitoring', nameRu: 'Агентство финансового контроля' },
      );
      const renamed = await secretariat.query(SEARCH, { filter: { text: 'финансового контроля' } });
      expect(found(renamed.focalPoints)).toEqual(['Nurlanov Erlan']);
      const old = await secretariat.query(SEARCH, { filter: { text: 'финансовому' } });
      expect(old.focalPoints.edges).toEqual([]);
    });

    it('normalises in the database exactly as the application does, character by character', async () => {
      const every = [...SEARCH_CHARACTER_MAP.keys()].map((ch) => `A${ch}b`).join('');
      const samples = [
        every,
        'Иванов Иван',
        '  Nguyễn   Văn Thắng ',
        "Qasım Əliyev-O'Neil",
        '中文 Ωμέγα',
      ];
      for (const sample of samples) {
        const [{ normalized }] = await dataSource.query<{ normalized: string }[]>(
          'SELECT directory_search_normalize($1) AS normalized',
          [sample],
        );
        expect(normalized).toBe(normalizeSearchText(sample));
      }
    });
  });

  describe('filters', () => {
    it.each([
      [{ memberStateCode: 'kz' }, ['Nurlanov Erlan', 'Иванов Иван Петрович']],
      [{ networkKey: 'economic-crimes' }, ['Ivanov Sergey', 'Nurlanov Erlan']],
      [{ authorityKind: 'FIU' }, ['Nurlanov Erlan']],
      [{ authorityKind: 'CUSTOMS' }, ['Петрова Анна']],
      [{ language: 'tg' }, ['Петрова Анна']],
      [{ availability: 'ROUND_THE_CLOCK' }, ['Иванов Иван Петрович']],
      [{ status: 'SUSPENDED' }, ['Петрова Анна']],
      [
        { memberStateCode: 'KZ', networkKey: 'law-enforcement', text: 'ivanov' },
        ['Иванов Иван Петрович'],
      ],
      [{ networkKey: 'economic-crimes', language: 'en', text: 'Иванов' }, ['Ivanov Sergey']],
      [{ memberStateCode: 'TR' }, []],
    ])('%j matches %j', async (filter, expected) => {
      const { focalPoints } = await secretariat.query(SEARCH, { filter });
      expect(found(focalPoints)).toEqual(expected);
    });

    it.each([
      ['first', { first: 0 }],
      ['first', { first: 101 }],
      ['after', { after: 'not-a-cursor' }],
      ['filter.networkKey', { filter: { networkKey: 'no-such-network' } }],
      ['filter.memberStateCode', { filter: { memberStateCode: 'KAZ' } }],
      ['filter.language', { filter: { language: 'english' } }],
      ['filter.text', { filter: { text: 'x'.repeat(201) } }],
    ])('refuses a bad %s as BAD_USER_INPUT naming it', async (field, variables) => {
      const response = await secretariat.request(SEARCH, variables);
      expect(
        response.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
      ).toEqual([['BAD_USER_INPUT', field]]);
    });
  });

  describe('cursor paging', () => {
    let everyone: string[];

    beforeAll(async () => {
      // Namesakes: only the id tells them apart, and the order must still be total.
      for (let i = 0; i < 6; i += 1) {
        await fixtures.entry('KG', {
          fullName: 'Токтогулов Бакыт',
          networks: [{ key: 'border-control' }],
        });
      }
      for (let i = 0; i < 20; i += 1) {
        await fixtures.entry('MN', {
          fullName: `Batbayar ${String(i).padStart(2, '0')}`,
          networks: [{ key: 'border-control' }],
        });
      }
      everyone = (await secretariat.query(SEARCH, {})).focalPoints.edges.map(
        (edge) => edge.node.id,
      );
    });

    async function walk(first: number, between?: (page: number) => Promise<void>) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; ; page += 1) {
        const { focalPoints }: { focalPoints: Page } = await secretariat.query(SEARCH, {
          first,
          after,
        });
        expect(focalPoints.pageInfo.hasPreviousPage).toBe(after !== null);
        seen.push(...focalPoints.edges.map((edge) => edge.node.id));
        if (!focalPoints.pageInfo.hasNextPage) return seen;
        expect(focalPoints.edges).toHaveLength(first);
        after = focalPoints.pageInfo.endCursor;
        await between?.(page);
      }
    }

    it('walks the whole roster in pages without duplicates or gaps, in a stable order', async () => {
      expect(everyone.length).toBe(33);
      for (const first of [1, 5, 7, 33, 100]) expect(await walk(first)).toEqual(everyone);
    });

    it('neither repeats nor skips an entry when others are added during the walk', async () => {
      const added: string[] = [];
      const seen = await walk(5, async (page) => {
        if (page !== 1) return;
        // One before the walk's position (not shown: it is behind), one far ahead (shown).
        added.push((await fixtures.entry('KZ', { fullName: 'Aaaa Before' })).id);
        added.push((await fixtures.entry('KZ', { fullName: 'Яяяя After' })).id);
      });
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...everyone, added[1]]);
    });

    it('pages a nested roster the same way, with its own total', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { network }: { network: { focalPoints: Page } } = await secretariat.query(
          NETWORK_PAGE,
          {
            key: 'border-control',
            first: 4,
            after,
          },
        );
        expect(network.focalPoints.totalCount).toBe(27);
        seen.push(...network.focalPoints.edges.map((edge) => edge.node.id));
        if (!network.focalPoints.pageInfo.hasNextPage) break;
        after = network.focalPoints.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(27);
      expect(new Set(seen).size).toBe(27);
    });
  });
});
