import { PasswordHasher, Role, UsersService } from '@fpn/identity';
import { gql, startApiReplica, startTestApp, type TestApp } from '@fpn/testing';

const LOGIN = gql<{ login: { accessToken: string } }, { email: string; password: string }>`
  mutation Login($email: String!, $password: String!) {
    login(input: { email: $email, password: $password }) {
      accessToken
    }
  }
`;
const EMAIL = 'li.wei@mps.cn.example';
const PASSWORD = 'harbour lantern quartz 77';

describe('growing delays after failed sign-ins', () => {
  let app: TestApp;
  let replica: Awaited<ReturnType<typeof startApiReplica>>;
  let hasher: PasswordHasher;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    replica = await startApiReplica(app);
    hasher = app.api.get(PasswordHasher);
    // The replica runs on the system clock; start the test clock there too.
    app.clock.set(new Date());
    await app.api
      .get(UsersService)
      .create(
        { email: EMAIL, displayName: 'Li Wei', role: Role.FOCAL_POINT, memberStateCode: 'CN' },
        PASSWORD,
      );
  });
  afterAll(async () => {
    await replica?.close();
    await app?.close();
  });

  const attempt = async (password: string, via = app.graphql) => {
    const response = await via.request(LOGIN, { email: EMAIL, password });
    const error = response.errors?.[0];
    return error
      ? { code: error.extensions?.code, retryAfterSeconds: error.extensions?.retryAfterSeconds }
      : 'ok';
  };

  it('lets five failures through, then makes each further attempt wait longer, on every replica', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect(await attempt('wrong password number ' + i)).toEqual({
        code: 'UNAUTHENTICATED',
        retryAfterSeconds: undefined,
      });
    }
    // The sixth attempt is allowed, and sets a 2 s delay.
    expect(await attempt('sixth wrong password')).toMatchObject({ code: 'UNAUTHENTICATED' });
    const before = hasher.computed;
    // While it runs, even the right password waits, and no hash is computed.
    expect(await attempt(PASSWORD)).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 2 });
    // The other replica (another process, same Redis) holds the delay too.
    expect(await attempt(PASSWORD, replica.graphql)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(hasher.computed).toBe(before);

    app.clock.advance(2_000);
    expect(await attempt('seventh wrong password')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await attempt(PASSWORD)).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 4 });
  });

  it('counts an aliased attempt like any other, and refuses the rest of the request without hashing', async () => {
    app.clock.advance(4_000);
    const before = hasher.computed;
    const response = await app.graphql.request(
      gql<Record<string, { accessToken: string }>>`
        mutation {
          a: login(input: { email: "${EMAIL}", password: "wrong one a" }) { accessToken }
          b: login(input: { email: "${EMAIL}", password: "wrong one b" }) { accessToken }
          c: login(input: { email: "${EMAIL}", password: "${PASSWORD}" }) { accessToken }
        }
      `,
    );
    // Mutations run one after another; the first failure ends the request.
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(hasher.computed - before).toBe(1);
    // The alias counted: the delay has grown to 8 s.
    expect(await attempt(PASSWORD)).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 8 });
  });

  it('refuses a request of 1,000 login aliases before any resolver runs: no hash computed', async () => {
    const before = hasher.computed;
    const aliases = Array.from(
      { length: 1000 },
      (_, i) =>
        `a${i}: login(input: { email: "${EMAIL}", password: "guess ${i}" }) { accessToken }`,
    ).join('\n');
    const response = await app.graphql.request(
      gql<Record<string, unknown>>`mutation { ${aliases} }`,
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toMatch(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$/);
    expect(hasher.computed).toBe(before);
  });

  it('lets the owner in once the delay has passed, and forgets the failures', async () => {
    app.clock.advance(60_000);
    expect(await attempt(PASSWORD)).toBe('ok');
    for (let i = 0; i < 5; i += 1) {
      expect(await attempt('fresh wrong ' + i)).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });
});
