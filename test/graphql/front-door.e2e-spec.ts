import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLFormattedError } from 'graphql';
import { gql, startTestApp, type TestApp } from '@fpn/testing';

interface RawResponse {
  status: number;
  contentType: string | null;
  cacheControl: string | null;
  text: string;
  errors?: GraphQLFormattedError[];
  data?: unknown;
}

/** A request exactly as given, so the test sees what any HTTP client would. */
async function send(
  app: TestApp,
  init: { method?: string; query?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const url = new URL(`${app.url}/graphql`);
  if (init.query !== undefined) url.searchParams.set('query', init.query);
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers: init.headers,
    body: init.body,
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  const json = contentType?.includes('json')
    ? (JSON.parse(text) as Pick<RawResponse, 'errors' | 'data'>)
    : {};
  return {
    status: response.status,
    contentType,
    cacheControl: response.headers.get('cache-control'),
    text,
    ...json,
  };
}

const postJson = (app: TestApp, body: unknown) =>
  send(app, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** `n` aliased selections of one field: the classic batching-by-alias attack. */
const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `n${i}: networks { key }`).join(' ')} }`;

/** `n` nested inline fragments around one field; each level counts towards the depth. */
const nested = (n: number) => `{ ${'... on Query { '.repeat(n)}networks { key }${' }'.repeat(n)} }`;

const directives = (n: number) => `{ ${'__typename @skip(if: false) '.repeat(n)}}`;

/** Every refusal carries exactly a stable code: no stack trace, no internals. */
function expectRefusal(response: RawResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.contentType).toMatch(/^application\/json/);
  expect(response.data).toBeUndefined();
  expect(response.errors).toHaveLength(1);
  expect(response.errors?.[0].extensions).toEqual({ code });
  return response.errors?.[0].message;
}

describe('the GraphQL front door in production', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { NODE_ENV: 'production' } });
  });
  afterAll(() => app?.close());

  it('answers an ordinary query within every limit', async () => {
    const response = await postJson(app, { query: '{ networks { key name(lang: RU) } }' });
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ networks: expect.arrayContaining([expect.anything()]) });
  });

  it('tells every cache not to keep an answer, a refusal included', async () => {
    const answered = await postJson(app, { query: '{ networks { key } }' });
    expect(answered.status).toBe(200);
    expect(answered.cacheControl).toBe('no-store');
    const refused = await postJson(app, { query: '{ networks { nope } }' });
    expect(refused.status).toBe(400);
    expect(refused.cacheControl).toBe('no-store');
  });

  it('refuses introspection', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }']) {
      const message = expectRefusal(
        await postJson(app, { query }),
        400,
        'GRAPHQL_VALIDATION_FAILED',
      );
      expect(message).toMatch(/introspection is not allowed/);
    }
  });

  it('serves no landing page to a browser', async () => {
    const response = await send(app, { method: 'GET', headers: { accept: 'text/html' } });
    expect(response.contentType).not.toMatch(/html/);
    expectRefusal(response, 400, 'BAD_REQUEST');
  });

  it('refuses a misspelled field without suggesting the real one', async () => {
    const message = expectRefusal(
      await postJson(app, { query: '{ networks { nmae } }' }),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(message).toBe('Cannot query field "nmae" on type "Network".');
  });

  it('suggests no enum value for a misspelled argument or variable', async () => {
    const literal = await postJson(app, { query: '{ networks { name(lang: ENN) } }' });
    expect(expectRefusal(literal, 400, 'GRAPHQL_VALIDATION_FAILED')).not.toMatch(/Did you mean/);

    const variable = await app.graphql.request(
      gql<unknown, { lang: string }>`
        query ($lang: Language!) {
          networks {
            name(lang: $lang)
          }
        }
      `,
      { lang: 'ENN' },
    );
    expect(variable.status).toBe(400);
    expect(variable.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(variable.errors?.[0].message).toMatch(/^Variable "\$lang" got invalid value "ENN"/);
    expect(variable.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('refuses a 1,000-alias query while parsing, before validation or any resolver', async () => {
    const message = expectRefusal(
      await postJson(app, { query: aliases(1000) }),
      400,
      'GRAPHQL_PARSE_FAILED',
    );
    expect(message).toBe('Syntax Error: Document contains more that 2000 tokens. Parsing aborted.');
  });

  it('refuses more aliases, depth or directives than configured', async () => {
    expect(await postJson(app, { query: aliases(15) })).toMatchObject({ status: 200 });
    expect(
      expectRefusal(await postJson(app, { query: aliases(16) }), 400, 'GRAPHQL_VALIDATION_FAILED'),
    ).toBe('Syntax Error: Aliases limit of 15 exceeded, found 16.');

    // Eight fragment levels, `networks` and `key`: depth 10.
    expect(await postJson(app, { query: nested(8) })).toMatchObject({ status: 200 });
    expect(
      expectRefusal(await postJson(app, { query: nested(9) }), 400, 'GRAPHQL_VALIDATION_FAILED'),
    ).toBe('Syntax Error: Query depth limit of 10 exceeded, found 11.');

    expect(await postJson(app, { query: directives(10) })).toMatchObject({ status: 200 });
    expect(
      expectRefusal(
        await postJson(app, { query: directives(11) }),
        400,
        'GRAPHQL_VALIDATION_FAILED',
      ),
    ).toBe('Syntax Error: Directives limit of 10 exceeded, found 11.');
  });

  it('refuses a batched JSON array', async () => {
    const query = '{ networks { key } }';
    const message = expectRefusal(await postJson(app, [{ query }, { query }]), 400, 'BAD_REQUEST');
    expect(message).toBe('Operation batching disabled.');
  });

  it('refuses a mutation over GET', async () => {
    const response = await send(app, {
      method: 'GET',
      query: 'mutation { __typename }',
      headers: { 'apollo-require-preflight': 'true' },
    });
    // Apollo validates before it looks at the method: while the schema has no
    // Mutation type the document itself is invalid; once it has one, GET is
    // refused with 405 and `allow: POST`.
    if (app.api.get(GraphQLSchemaHost).schema.getMutationType()) {
      expect(expectRefusal(response, 405, 'BAD_REQUEST')).toBe(
        'GET requests only support query operations, not mutation operations',
      );
    } else {
      expect(expectRefusal(response, 400, 'GRAPHQL_VALIDATION_FAILED')).toBe(
        'Schema is not configured to execute mutation operation.',
      );
    }
  });

  it('refuses requests a browser could send cross-site (CSRF)', async () => {
    const getWithoutPreflight = await send(app, { method: 'GET', query: '{ networks { key } }' });
    expect(expectRefusal(getWithoutPreflight, 400, 'BAD_REQUEST')).toMatch(/CSRF/);

    const plainTextPost = await send(app, {
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ networks { key } }' }),
    });
    expect(expectRefusal(plainTextPost, 400, 'BAD_REQUEST')).toMatch(/CSRF/);

    const preflightedGet = await send(app, {
      method: 'GET',
      query: '{ networks { key } }',
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflightedGet.status).toBe(200);
  });

  it('refuses a body over HTTP_BODY_LIMIT_BYTES with 413, before GraphQL reads it', async () => {
    const padding = 'x'.repeat(app.config.http.bodyLimitBytes);
    const response = await postJson(app, { query: '{ networks { key } }', padding });
    // The body parser answers before Apollo, in the same shape as every GraphQL error.
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toEqual({
      errors: [{ message: 'Request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
  });

  it('refuses malformed JSON with BAD_REQUEST, changing nothing', async () => {
    const response = await send(app, {
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ networks { key } }"',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({
      errors: [
        {
          message: 'Request body could not be read as JSON',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  });
});

describe('the GraphQL front door in development', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { NODE_ENV: 'development' } });
  });
  afterAll(() => app?.close());

  it('allows introspection and suggests field names', async () => {
    const introspection = await postJson(app, { query: '{ __schema { queryType { name } } }' });
    expect(introspection.status).toBe(200);
    expect(introspection.data).toEqual({ __schema: { queryType: { name: 'Query' } } });

    const misspelled = await postJson(app, { query: '{ networks { nmae } }' });
    expect(expectRefusal(misspelled, 400, 'GRAPHQL_VALIDATION_FAILED')).toMatch(
      /^Cannot query field "nmae" on type "Network". Did you mean "name"/,
    );
  });

  it('enforces the same limits, batching and CSRF rules', async () => {
    expectRefusal(await postJson(app, { query: aliases(1000) }), 400, 'GRAPHQL_PARSE_FAILED');
    expectRefusal(await postJson(app, { query: aliases(16) }), 400, 'GRAPHQL_VALIDATION_FAILED');
    expectRefusal(await postJson(app, { query: nested(9) }), 400, 'GRAPHQL_VALIDATION_FAILED');
    expectRefusal(await postJson(app, { query: directives(11) }), 400, 'GRAPHQL_VALIDATION_FAILED');
    expectRefusal(await postJson(app, [{ query: '{ networks { key } }' }]), 400, 'BAD_REQUEST');
    expectRefusal(
      await send(app, { method: 'GET', query: '{ networks { key } }' }),
      400,
      'BAD_REQUEST',
    );
  });
});
