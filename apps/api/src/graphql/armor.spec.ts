import { ApolloServer, HeaderMap } from '@apollo/server';
import type { AppConfig } from '@fpn/config';
import { graphqlArmor } from './armor';

const typeDefs = /* GraphQL */ `
  enum Language {
    EN
    RU
  }
  type Item {
    id: ID!
    name(lang: Language! = EN): String!
    children: [Item!]!
  }
  type Query {
    items: [Item!]!
  }
  type Mutation {
    touch: Boolean!
  }
`;

const limits: AppConfig['graphql'] = {
  maxDepth: 4,
  maxAliases: 3,
  maxCost: 30,
  maxTokens: 60,
  maxDirectives: 2,
};

describe('graphqlArmor', () => {
  let resolved = 0;
  const servers: ApolloServer[] = [];

  async function start(environment: AppConfig['environment']): Promise<ApolloServer> {
    const server = new ApolloServer({
      typeDefs,
      resolvers: {
        Query: { items: () => (resolved++, []) },
        Mutation: { touch: () => (resolved++, true) },
      },
      nodeEnv: 'test',
      ...graphqlArmor({ environment, graphql: limits }),
    });
    await server.start();
    servers.push(server);
    return server;
  }

  async function run(
    server: ApolloServer,
    query: string,
    options: { variables?: Record<string, unknown>; method?: 'GET' | 'POST' } = {},
  ) {
    const response = await server.executeOperation({
      query,
      variables: options.variables,
      http: { method: options.method ?? 'POST', headers: new HeaderMap(), search: '', body: {} },
    });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const [error] = response.body.singleResult.errors ?? [];
    return { status: response.http.status ?? 200, code: error?.extensions?.code, error };
  }

  let production: ApolloServer;
  let development: ApolloServer;
  beforeAll(async () => {
    production = await start('production');
    development = await start('development');
  });
  beforeEach(() => (resolved = 0));
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  it('answers a document within every limit', async () => {
    expect(await run(production, '{ a: items { id } b: items { name(lang: RU) } }')).toEqual({
      status: 200,
      code: undefined,
      error: undefined,
    });
    expect(resolved).toBe(2);
  });

  it.each([
    [
      'aliases',
      '{ a: items { id } b: items { id } c: items { id } d: items { id } }',
      /Aliases limit of 3 exceeded, found 4/,
    ],
    [
      'depth',
      '{ items { children { children { children { id } } } } }',
      /Query depth limit of 4 exceeded, found 5/,
    ],
    [
      'directives',
      '{ items @skip(if: false) { id @skip(if: false) name @skip(if: false) } }',
      /Directives limit of 2 exceeded, found 3/,
    ],
    [
      'cost',
      '{ a: items { children { children { id name } } } b: items { children { children { id name } } } }',
      /Query Cost limit of 30 exceeded, found 32.5/,
    ],
  ])(
    'refuses a document over the %s limit before any resolver runs, in every environment',
    async (_, query, message) => {
      for (const server of [production, development]) {
        const { status, code, error } = await run(server, query);
        expect({ status, code }).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
        expect(error?.message).toMatch(message);
      }
      expect(resolved).toBe(0);
    },
  );

  it('refuses a document of too many tokens while parsing', async () => {
    const query = `{ ${'items { id } '.repeat(16)}}`;
    for (const server of [production, development]) {
      const { status, code, error } = await run(server, query);
      expect({ status, code }).toEqual({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
      expect(error?.message).toMatch(/more that 60 tokens/);
    }
    expect(resolved).toBe(0);
  });

  it('hides "Did you mean" in production only', async () => {
    const misspellings: [string, Record<string, unknown>?][] = [
      ['{ items { nmae } }'],
      ['{ items { name(lnag: EN) } }'],
      ['{ items { name(lang: ENN) } }'],
      ['query ($lang: Language!) { items { name(lang: $lang) } }', { lang: 'ENN' }],
    ];
    for (const [query, variables] of misspellings) {
      const hidden = await run(production, query, { variables });
      expect(hidden.status).toBe(400);
      expect(hidden.error?.message).not.toMatch(/Did you mean|\?$/);
      const shown = await run(development, query, { variables });
      expect(shown.error?.message).toMatch(/Did you mean .+\?$/);
      expect(shown.error?.message.startsWith(hidden.error?.message ?? '')).toBe(true);
    }
    expect(resolved).toBe(0);
  });

  it('leaves Apollo to refuse a mutation over GET with 405', async () => {
    const { status, code, error } = await run(production, 'mutation { touch }', { method: 'GET' });
    expect({ status, code }).toEqual({ status: 405, code: 'BAD_REQUEST' });
    expect(error?.message).toBe(
      'GET requests only support query operations, not mutation operations',
    );
    expect(resolved).toBe(0);
  });
});
